import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForHttp } from '@rag/test-utils';

/** Path of the Prometheus server binary; `PROMETHEUS_BIN` overrides it. */
export const PROMETHEUS_BIN = process.env['PROMETHEUS_BIN'] ?? 'prometheus';

/** A private Prometheus on a free loopback port, owned by the test that started it. */
export interface TestPrometheus {
  readonly url: string;
  readonly pid: number;
  /** GET `path` of the HTTP API (e.g. `/api/v1/alerts`) and return its `data`. */
  api<T>(path: string): Promise<T>;
  /** Everything the server logged so far. */
  output(): string;
  /** SIGKILL, then removes the data directory. */
  stop(): Promise<void>;
}

export interface PrometheusOptions {
  /** Scrape jobs: job name → `host:port` targets (GET /metrics). */
  jobs: Record<string, string[]>;
  /** Rule files loaded unchanged (absolute paths). */
  ruleFiles: string[];
  /** Scrape and evaluation interval. */
  intervalSeconds: number;
}

/** Starts `prometheus` with a generated configuration, a temporary TSDB, and waits until it is ready. */
export async function startPrometheus(options: PrometheusOptions): Promise<TestPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'rag-prometheus-'));
  const interval = `${options.intervalSeconds}s`;
  // JSON is YAML: the configuration needs no YAML writer.
  const config = {
    global: { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: interval },
    rule_files: options.ruleFiles,
    scrape_configs: Object.entries(options.jobs).map(([job, targets]) => ({ job_name: job, metrics_path: '/metrics', static_configs: [{ targets }] })),
  };
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const port = await freePort();
  const child = spawn(
    PROMETHEUS_BIN,
    [`--config.file=${configFile}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr?.on('data', (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-20_000)));
  child.on('error', (error: NodeJS.ErrnoException) => {
    output += error.code === 'ENOENT' ? `${PROMETHEUS_BIN} not found: install Debian's prometheus package (apt-get install -y prometheus; .ci/run does)` : error.message;
  });
  // 'close' also follows a spawn that failed (no 'exit' then).
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`${url}/-/ready`, 60_000, exited);
  } catch (error) {
    await stop();
    throw new Error(`prometheus did not start: ${(error as Error).message}\n${output}`);
  }
  return {
    url,
    pid: child.pid ?? -1,
    output: () => output,
    stop,
    async api<T>(path: string): Promise<T> {
      const res = await fetch(`${url}${path}`);
      const body = (await res.json()) as { status: string; data: T; error?: string };
      if (body.status !== 'success') throw new Error(`${path}: ${body.error ?? res.status}`);
      return body.data;
    },
  };
}
