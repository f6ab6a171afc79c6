import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { AppModule } from '../../src/app/app.module';
import { configureApp } from '../../src/app/configure-app';

/** A rag-api listening on a loopback port, built exactly as main.ts builds it. */
export interface TestApp {
  app: NestExpressApplication;
  url: string;
  close(): Promise<void>;
}

/**
 * Builds rag-api with `env` layered over the process environment (variables set to undefined
 * are removed), listens on 127.0.0.1:0, and restores the environment once built. The vector
 * store is an in-memory PGlite unless `env` says otherwise.
 */
export async function createApp(env: Record<string, string | undefined>): Promise<TestApp> {
  const saved = { ...process.env };
  for (const [name, value] of Object.entries({ LOG_LEVEL: 'silent', VECTOR_STORE_PATH: 'memory://', ...env })) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  try {
    // abortOnError false: a boot error rejects here instead of exiting the test process.
    const app = await NestFactory.create<NestExpressApplication>(AppModule.register(), { bodyParser: false, logger: false, abortOnError: false });
    configureApp(app);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const close = async (): Promise<void> => {
      // Keep-alive sockets of HTTP clients in the test would otherwise hold the process open.
      app.getHttpServer().closeAllConnections();
      await app.close();
    };
    return { app, url: `http://127.0.0.1:${port}`, close };
  } finally {
    process.env = saved;
  }
}

/** The value of a sample in Prometheus text, or 0 when absent. */
export function sampleValue(text: string, name: string, labels: Record<string, string> = {}): number {
  const family = parsePrometheusTextFormat(text).find((f) => f.name === name);
  const sample = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return Number(sample?.value ?? 0);
}

/** The `X-Embedding-Cache` header parsed into numbers. */
export function cacheHeader(value: string | undefined): { hits: number; misses: number } {
  const match = /^hits=(\d+); misses=(\d+)$/.exec(value ?? '');
  if (!match) throw new Error(`bad X-Embedding-Cache header: ${value}`);
  return { hits: Number(match[1]), misses: Number(match[2]) };
}
