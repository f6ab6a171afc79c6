import autocannon from 'autocannon';
import { freePort, spawnApp } from '@rag/test-utils';
import type { TestRedisServer } from '@rag/test-utils';

/** Options of the HTTP suite. */
export interface HttpSuiteOptions {
  durationSeconds: number;
  connections: number;
}

/** One row of the HTTP suite. */
export interface HttpRow {
  name: string;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
}

const TEXTS = Array.from({ length: 16 }, (_, i) => `benchmark query number ${i}: how does the shared embedding cache behave?`);

async function measure(name: string, env: Record<string, string>, options: HttpSuiteOptions): Promise<HttpRow> {
  const port = await freePort();
  const app = await spawnApp('apps/rag-api/src/main.ts', { ...env, PORT: String(port), LOG_LEVEL: 'warn', JOBS_IN_PROCESS: 'false', VECTOR_STORE_PATH: 'memory://' }, `http://127.0.0.1:${port}/health/live`);
  try {
    const body = JSON.stringify({ input: TEXTS });
    const url = `${app.url}/v1/embeddings`;
    // Warm the cache and the JIT before measuring.
    for (let i = 0; i < 50; i += 1) await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const result = await autocannon({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      connections: options.connections,
      duration: options.durationSeconds,
    });
    return {
      name,
      requestsPerSecond: result.requests.average,
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
      non2xx: result.non2xx,
    };
  } finally {
    app.kill('SIGTERM');
    await app.exited;
  }
}

/**
 * rag-api `POST /v1/embeddings` with 16 texts per request, every text cached: with the default
 * in-process L1 tier (hits never leave the process), with L1 off (every request is one MGET to
 * Redis), and with the cache disabled (every text embedded by the local provider each time).
 */
export async function runHttpSuite(redis: TestRedisServer, options: HttpSuiteOptions): Promise<HttpRow[]> {
  const base = { REDIS_URL: redis.url, OPENAI_API_KEY: '', EMBEDDING_PROVIDER: 'local' };
  return [
    await measure('16 cached texts, cache on (L1 + Redis, the default)', { ...base, REDIS_EMBEDDING_CACHE_ENABLED: 'true' }, options),
    await measure('16 cached texts, Redis only (L1 off)', { ...base, REDIS_EMBEDDING_CACHE_ENABLED: 'true', REDIS_EMBEDDING_CACHE_L1_MAX_MB: '0' }, options),
    await measure('16 texts, cache off (local provider)', { ...base, REDIS_EMBEDDING_CACHE_ENABLED: 'false' }, options),
  ];
}
