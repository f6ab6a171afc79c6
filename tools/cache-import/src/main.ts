/**
 * `npm run cache:import -- --file <path> [--collection <name>] [--dry-run] [--overwrite]`:
 * streams the legacy LlamaIndex SimpleKVStore embedding file into the Redis embedding cache.
 * See tools/cache-import/README.md and docs/migration.md.
 */
import { runCli } from './lib/cli/run-cli';

/** How long the process may take to close its last handles after the summary. */
const EXIT_GRACE_MS = 1_000;

function finish(code: number): void {
  // Exiting naturally lets stdout drain (it may be a pipe); the unref'd timer only
  // fires if some handle would keep the process alive.
  process.exitCode = code;
  setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
}

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
    process.stderr.write(`\ncache:import: ${signal}: finishing the batch in flight (send it again to stop at once)\n`);
    controller.abort(signal);
  });
}

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal }).then(
  finish,
  (error: unknown) => {
    process.stderr.write(`cache:import: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    finish(1);
  },
);
