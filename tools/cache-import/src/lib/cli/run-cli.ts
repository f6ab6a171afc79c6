import { EXIT_CODES } from '../cache-import.constants';
import { CacheImportError } from '../errors/cache-import.error';
import { UsageError } from '../errors/usage.error';
import { importFile } from '../import/import-file';
import type { CliIo } from '../interfaces/cli-io.interface';
import { formatSummary } from '../summary/format-summary';
import { loadSettings } from './load-settings';
import { parseArgs } from './parse-args';
import { USAGE } from './usage';

/**
 * Runs `cache:import` with `argv` (the arguments after the script) and resolves the exit code:
 * the summary goes to stdout, progress and errors to stderr. Unknown errors (bugs) are rethrown.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.help) {
      io.stdout.write(USAGE);
      return EXIT_CODES.success;
    }
    const settings = loadSettings(io.env);
    if (!settings.enabled) {
      io.stderr.write(
        'cache:import: note: REDIS_EMBEDDING_CACHE_ENABLED is false here; the apps read the imported keys only once it is true\n',
      );
    }
    const report = await importFile(args, settings, io);
    io.stdout.write(formatSummary(report.stats, report.outcome));
    if (!report.error) return EXIT_CODES.success;
    printError(io, report.error);
    return report.error.exitCode;
  } catch (error) {
    if (!(error instanceof CacheImportError)) throw error;
    printError(io, error);
    return error.exitCode;
  }
}

function printError(io: CliIo, error: CacheImportError): void {
  io.stderr.write(`cache:import: ${error.message}\n`);
  if (error instanceof UsageError && error.showUsage) io.stderr.write(`\n${USAGE}`);
}
