/** The process's streams, environment and stop signal, passed in so that tests can run the CLI in-process. */
export interface CliIo {
  /** Summary and `--help`. */
  stdout: NodeJS.WritableStream;
  /** Progress, warnings and errors; a terminal gets a redrawn bar. */
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Environment with the `REDIS_*` settings. */
  env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT/SIGTERM with the signal name as reason. */
  signal?: AbortSignal;
}
