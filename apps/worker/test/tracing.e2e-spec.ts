import { writeFileSync } from 'node:fs';
import { FakeOpenAIServer } from '@rag/embeddings/testing';
import { DOCUMENTS, descendsFrom, freePort, spawnApp, startPostgresServer, startRedisServer, waitFor, waitForDocument } from '@rag/test-utils';
import type { SpawnedApp, TestPostgresServer, TestRedisServer } from '@rag/test-utils';
import { startOtlpReceiver } from './support/otlp-receiver';
import type { OtlpReceiver, ReceivedSpan } from './support/otlp-receiver';
import { startWorker } from './support/fleet';

const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;

/** JSON log lines of a process's output. */
function logLines(output: string): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('tracing across processes: rag-api and a worker export OTLP/HTTP to a loopback receiver', () => {
  let redis: TestRedisServer;
  let pg: TestPostgresServer;
  let fake: FakeOpenAIServer;
  let receiver: OtlpReceiver;
  let api: SpawnedApp;
  let worker: SpawnedApp;

  beforeAll(async () => {
    redis = await startRedisServer();
    pg = await startPostgresServer();
    fake = await FakeOpenAIServer.start({ dimensions: 384 });
    receiver = await startOtlpReceiver();
    const env = {
      REDIS_URL: redis.url,
      DATABASE_URL: pg.url,
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: fake.baseURL,
      EMBEDDING_MODEL: 'text-embedding-3-small',
      EMBEDDING_DIMENSIONS: '384',
      LOG_LEVEL: 'info',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      // Exported within 100 ms instead of 5 s.
      OTEL_BSP_SCHEDULE_DELAY: '100',
    };
    const apiPort = await freePort();
    api = await spawnApp('apps/rag-api/src/main.ts', { ...env, PORT: String(apiPort), JOBS_IN_PROCESS: 'false' }, `http://127.0.0.1:${apiPort}/health/live`);
    worker = await startWorker(env);
  }, 120_000);

  afterAll(async () => {
    for (const app of [api, worker]) {
      if (!app) continue;
      app.kill('SIGTERM');
      await app.exited;
    }
    await receiver?.close();
    await fake?.close();
    await pg?.stop();
    await redis?.stop();
  });

  it('one trace id from POST /v1/documents through the queue to the worker\'s store write, named in both processes\' logs', async () => {
    const doc = DOCUMENTS[0];
    const res = await fetch(`${api.url}/v1/documents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) });
    expect(res.status).toBe(202);
    await waitForDocument(api.url, doc.id);

    let request: ReceivedSpan | undefined;
    await waitFor(
      () => {
        request = receiver.spans().find((s) => s.name === 'POST /v1/documents');
        return request !== undefined && receiver.spans().some((s) => s.traceId === request?.traceId && s.name === 'process embedding-jobs');
      },
      { timeoutMs: 15_000, description: 'the request and job spans at the receiver' },
    );
    // The job's last spans are exported once it ends; give the batch processors one more round.
    await waitFor(() => receiver.spans().some((s) => s.traceId === request?.traceId && s.name.startsWith('vector_store.upsert')), { timeoutMs: 5_000 });
    const trace = receiver.spans().filter((s) => s.traceId === request!.traceId);
    const one = (name: string): ReceivedSpan => {
      const found = trace.find((s) => s.name === name);
      if (!found) throw new Error(`no span "${name}" in the trace; it has: ${trace.map((s) => s.name).join(', ')}`);
      return found;
    };
    const enqueue = one('send embedding-jobs');
    const wait = one('wait embedding-jobs');
    const job = one('process embedding-jobs');
    const embeddings = one('embeddings text-embedding-3-small');
    const upsert = one('vector_store.upsert');

    expect(request!.kind).toBe(SERVER);
    expect(request!.service).toBe('rag-api');
    expect(enqueue).toMatchObject({ service: 'rag-api', kind: PRODUCER });
    expect(descendsFrom(enqueue, request!, trace)).toBe(true);
    expect(wait).toMatchObject({ service: 'worker', parentSpanId: enqueue.spanId });
    expect(job).toMatchObject({ service: 'worker', kind: CONSUMER, parentSpanId: enqueue.spanId });
    for (const span of [one('embedding_cache.get'), embeddings, one('POST /embeddings'), one('embedding_cache.set'), upsert]) {
      expect(span.service).toBe('worker');
      expect(descendsFrom(span, job, trace)).toBe(true);
    }
    expect(upsert.attributes['rag.vector_store.chunks']).toBeGreaterThan(0);

    const traceId = request!.traceId;
    const apiLine = logLines(api.output()).find((line) => (line['req'] as { url?: string } | undefined)?.url === '/v1/documents');
    expect(apiLine).toMatchObject({ trace_id: traceId });
    const workerLine = logLines(worker.output()).find((line) => String(line['msg']).includes('completed') && String(line['msg']).includes(doc.id));
    expect(workerLine).toMatchObject({ trace_id: traceId });

    // `TRACE_CAPTURE_FILE=… npx jest …` keeps this trace for tools/trace-svg (docs/images).
    const capture = process.env['TRACE_CAPTURE_FILE'];
    if (capture) writeFileSync(capture, `${JSON.stringify(trace, null, 2)}\n`);
  });
});
