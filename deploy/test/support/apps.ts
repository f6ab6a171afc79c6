import { freePort, spawnApp, startRedisServer } from '@rag/test-utils';
import type { SpawnedApp, TestRedisServer } from '@rag/test-utils';

/** rag-api and one worker as OS processes, with the job queue and the cache on two private Redis servers. */
export interface AppsUnderTest {
  queueRedis: TestRedisServer;
  cacheRedis: TestRedisServer;
  api: SpawnedApp;
  worker: SpawnedApp;
  /** Stops every process started here (each by its own PID). */
  stop(): Promise<void>;
}

export async function startApps(): Promise<AppsUnderTest> {
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async (): Promise<void> => {
    for (const each of started.reverse()) await each.stop();
  };
  const own = (app: SpawnedApp) => ({
    stop: async () => {
      app.kill('SIGKILL');
      await app.exited;
    },
  });
  try {
    const queueRedis = await startRedisServer();
    started.push(queueRedis);
    const cacheRedis = await startRedisServer();
    started.push(cacheRedis);
    const env = {
      REDIS_URL: queueRedis.url,
      REDIS_EMBEDDING_CACHE_URL: cacheRedis.url,
      EMBEDDING_PROVIDER: 'local',
      DATABASE_URL: '',
      VECTOR_STORE_PATH: 'memory://',
    };
    const [apiPort, workerPort] = [await freePort(), await freePort()];
    // Generous start timeouts: swc compiles each app on start, slow on a loaded 2-core machine.
    // allSettled: an app that starts after the other failed is still stopped below.
    const [api, worker] = await Promise.allSettled([
      spawnApp('apps/rag-api/src/main.ts', { ...env, PORT: String(apiPort) }, `http://127.0.0.1:${apiPort}/health/live`, 120_000),
      spawnApp('apps/worker/src/main.ts', { ...env, WORKER_HTTP_PORT: String(workerPort) }, `http://127.0.0.1:${workerPort}/health/live`, 120_000),
    ]);
    for (const result of [api, worker]) if (result.status === 'fulfilled') started.push(own(result.value));
    if (api.status === 'rejected') throw api.reason;
    if (worker.status === 'rejected') throw worker.reason;
    return { queueRedis, cacheRedis, api: api.value, worker: worker.value, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The text of GET /metrics of a spawned app. */
export async function metricsText(app: SpawnedApp): Promise<string> {
  const res = await fetch(`${app.url}/metrics`);
  if (res.status !== 200) throw new Error(`${app.url}/metrics answered ${res.status}`);
  return res.text();
}
