import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { MAIN, WORKSPACE_ROOT } from './workspace';

/** What a run of the real tool printed and how it ended. */
export interface ImportRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The summary's `label: value` lines. */
  summary: Record<string, string>;
  /** `Maximum resident set size` from `/usr/bin/time -v`, in KiB, when run with `time: true`. */
  maxRssKiB?: number;
}

/** Options of `startImport`. */
export interface RunImportOptions {
  /** Extra environment (REDIS_URL, REDIS_EMBEDDING_CACHE_*); REDIS_* and LLAMAINDEX_* of the test process are not inherited. */
  env?: Record<string, string>;
  /** Run under `/usr/bin/time -v` to measure the peak RSS. */
  time?: boolean;
}

/** `/usr/bin/time`, if the machine has it. */
export const TIME_BIN = '/usr/bin/time';

/**
 * Starts `node dist/tools/cache-import/tools/cache-import/src/main.js <args>` exactly as
 * `npm run cache:import` does after its build, with stdout and stderr piped (so stderr is not a TTY).
 */
export function startImport(args: string[], options: RunImportOptions = {}): { child: ChildProcess; done: Promise<ImportRun> } {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('REDIS_') && !name.startsWith('LLAMAINDEX_')),
  );
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npx nx build cache-import\` first`);
  const env = { ...inherited, ...options.env };
  const node = [process.execPath, MAIN, ...args];
  const useTime = options.time === true && existsSync(TIME_BIN);
  const [command, ...argv] = useTime ? [TIME_BIN, '-v', ...node] : node;
  const child = spawn(command, argv, { cwd: WORKSPACE_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const done = new Promise<ImportRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      resolve({ code, signal, stdout, stderr, summary: parseSummary(stdout), maxRssKiB: rss ? Number(rss[1]) : undefined });
    });
  });
  return { child, done };
}

/** Runs the tool to the end. */
export function runImport(args: string[], options: RunImportOptions = {}): Promise<ImportRun> {
  return startImport(args, options).done;
}

/** The summary's `  label: value` lines as a record. */
export function parseSummary(stdout: string): Record<string, string> {
  const summary: Record<string, string> = {};
  for (const match of stdout.matchAll(/^ {2,4}([A-Za-z/ ]+):\s+(.*)$/gm)) summary[match[1].trim()] = match[2].trim();
  return summary;
}

/** A count of the summary (`1,234` → 1234). */
export function count(run: ImportRun, label: string): number {
  const value = run.summary[label];
  if (value === undefined) throw new Error(`no "${label}" in the summary:\n${run.stdout}\n${run.stderr}`);
  return Number(value.replace(/,/g, ''));
}
