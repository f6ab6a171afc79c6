import { parseArgs as parseNodeArgs } from 'node:util';
import { DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE, MAX_DIMS } from '../cache-import.constants';
import { UsageError } from '../errors/usage.error';
import type { ImportArgs } from '../interfaces/import-args.interface';

/**
 * Parses the command line (without `node` and the script). Throws `UsageError` naming the flag
 * on an unknown flag, a missing `--file`, a positional argument or a bad number.
 */
export function parseArgs(argv: readonly string[]): ImportArgs {
  let values: ReturnType<typeof parseFlags>['values'];
  try {
    ({ values } = parseFlags(argv));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), true, error);
  }
  const help = values.help ?? false;
  const file = values.file ?? '';
  if (!help && file.trim() === '') throw new UsageError('--file <path> is required');
  const collections = values.collection ?? [];
  if (collections.some((name) => name === '')) throw new UsageError('--collection needs a non-empty name');
  return {
    file,
    collections,
    dryRun: values['dry-run'] ?? false,
    overwrite: values.overwrite ?? false,
    batchSize: integerFlag('--batch-size', values['batch-size'], 1, MAX_BATCH_SIZE) ?? DEFAULT_BATCH_SIZE,
    dims: integerFlag('--dims', values.dims, 1, MAX_DIMS),
    help,
  };
}

function parseFlags(argv: readonly string[]) {
  return parseNodeArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      file: { type: 'string' },
      collection: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean' },
      overwrite: { type: 'boolean' },
      'batch-size': { type: 'string' },
      dims: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function integerFlag(flag: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}
