import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { SpanKind, context, propagation, trace } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { register as metricsRegistry } from 'prom-client';
import { FakeOpenAIServer } from '@rag/embeddings/testing';
import { DOCUMENTS, WORKSPACE_ROOT, descendsFrom, startPostgresServer, startRedisServer, waitFor, waitForDocument } from '@rag/test-utils';
import type { SpanLink, TestPostgresServer, TestRedisServer } from '@rag/test-utils';
import { createApp } from './support/create-app';
import type { TestApp } from './support/create-app';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
// Registered before the apps load: the global tracer, AsyncLocalStorage context and W3C propagator,
// as the SDK registers them when OTEL_* turns tracing on.
provider.register();
/**
 * The HTTP instrumentation the SDK registers in the apps, applied by hand: Jest's module registry
 * bypasses the require hook it patches `http` through. Its own patch, on the `http` Jest hands out
 * (whose `Server.prototype` is Node's), undone after the suite.
 */
function instrumentHttp(): () => void {
  const definitions = (new HttpInstrumentation() as unknown as { init(): ModuleDefinition[] }).init();
  const http = definitions.find((definition) => definition.name === 'http');
  const exports: unknown = require('node:http');
  http?.patch?.(exports);
  return () => http?.unpatch?.(exports);
}

/** What `InstrumentationBase.init()` returns, as far as used here. */
interface ModuleDefinition {
  name: string;
  patch?: (exports: unknown) => unknown;
  unpatch?: (exports: unknown) => void;
}

const unpatchHttp = instrumentHttp();

/** The worker's Nest app, built in this process with `env` (its config is read when the module is built). */
async function createWorker(env: Record<string, string>): Promise<INestApplication> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    // Another app of the monorepo: loaded by path at run time, since apps never import each other;
    // this test is the one place that runs both in one process, to read one trace from both.
    const { WorkerModule } = require(join(WORKSPACE_ROOT, 'apps/worker/src/app/app.module')) as { WorkerModule: { register(): DynamicModule } };
    const app = await NestFactory.create(WorkerModule.register(), { logger: false, abortOnError: false });
    await app.listen(0, '127.0.0.1');
    return app;
  } finally {
    process.env = saved;
  }
}

/** The span's place in its trace, for `descendsFrom`. */
function link(span: ReadableSpan): SpanLink {
  return { spanId: span.spanContext().spanId, parentSpanId: span.parentSpanContext?.spanId };
}

/** Whether `ancestor` is above `span` in the tree of `spans`. */
function under(span: ReadableSpan, ancestor: ReadableSpan, spans: readonly ReadableSpan[]): boolean {
  return descendsFrom(link(span), link(ancestor), spans.map(link));
}

describe('one trace from POST /v1/documents to the worker\'s store write (in-memory span exporter; real Redis, PostgreSQL, HTTP)', () => {
  let redis: TestRedisServer;
  let pg: TestPostgresServer;
  let fake: FakeOpenAIServer;
  let api: TestApp;
  let worker: INestApplication;

  beforeAll(async () => {
    redis = await startRedisServer();
    pg = await startPostgresServer();
    fake = await FakeOpenAIServer.start({ dimensions: 384 });
    const env = {
      REDIS_URL: redis.url,
      DATABASE_URL: pg.url,
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: fake.baseURL,
      EMBEDDING_MODEL: 'text-embedding-3-small',
      EMBEDDING_DIMENSIONS: '384',
      LOG_LEVEL: 'silent',
    };
    // rag-api only enqueues: the worker takes the job.
    api = await createApp({ ...env, JOBS_IN_PROCESS: 'false', VECTOR_STORE_PATH: undefined });
    // Both apps register their Prometheus metrics in prom-client's global registry; in one process the second would clash.
    metricsRegistry.clear();
    worker = await createWorker(env);
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await fake?.close();
    await pg?.stop();
    await redis?.stop();
    unpatchHttp();
    await provider.shutdown();
    // Suites run in band, in one process: leave no tracer, context manager or propagator behind.
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it('links request, enqueue, queue wait, job, cache, provider and store write in one trace, parented correctly', async () => {
    const doc = DOCUMENTS[1];
    const res = await fetch(`${api.url}/v1/documents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) });
    expect(res.status).toBe(202);
    await waitForDocument(api.url, doc.id);

    const find = (spans: readonly ReadableSpan[], name: string | RegExp): ReadableSpan[] =>
      spans.filter((s) => (typeof name === 'string' ? s.name === name : name.test(s.name)));
    // The store write ends the job: wait until its span is exported.
    await waitFor(() => find(exporter.getFinishedSpans(), 'process embedding-jobs').length > 0, {
      timeoutMs: 10_000,
      description: 'the job processing span',
    });
    const spans = exporter.getFinishedSpans();

    const [request] = find(spans, 'POST /v1/documents');
    expect(request).toBeDefined();
    expect(request.kind).toBe(SpanKind.SERVER);
    expect(request.attributes['http.route']).toBe('/v1/documents');
    const inTrace = spans.filter((s) => s.spanContext().traceId === request.spanContext().traceId);

    const [enqueue] = find(inTrace, 'send embedding-jobs');
    const [wait] = find(inTrace, 'wait embedding-jobs');
    const [job] = find(inTrace, 'process embedding-jobs');
    const lookups = find(inTrace, 'embedding_cache.get');
    const [write] = find(inTrace, 'embedding_cache.set');
    const [embeddings] = find(inTrace, /^embeddings text-embedding-3-small$/);
    const [providerRequest] = find(inTrace, 'POST /embeddings');
    const [upsert] = find(inTrace, /^vector_store.upsert/);
    for (const span of [enqueue, wait, job, write, embeddings, providerRequest, upsert, lookups[0]]) expect(span).toBeDefined();

    expect(enqueue.kind).toBe(SpanKind.PRODUCER);
    expect(under(enqueue, request, inTrace)).toBe(true);
    expect(wait.parentSpanContext?.spanId).toBe(enqueue.spanContext().spanId);
    expect(job.kind).toBe(SpanKind.CONSUMER);
    expect(job.parentSpanContext?.spanId).toBe(enqueue.spanContext().spanId);
    expect(job.attributes['messaging.message.id']).toBe(enqueue.attributes['messaging.message.id']);
    for (const span of [...lookups, write, embeddings, upsert]) expect(under(span, job, inTrace)).toBe(true);
    expect(under(providerRequest, embeddings, inTrace)).toBe(true);

    const chunks = Number(upsert.attributes['rag.vector_store.chunks']);
    expect(chunks).toBeGreaterThan(0);
    expect(lookups.reduce((sum, s) => sum + Number(s.attributes['embedding_cache.misses']), 0)).toBe(chunks);
    expect(write.attributes['embedding_cache.keys']).toBe(chunks);
    expect(Number(write.attributes['embedding_cache.bytes'])).toBeGreaterThanOrEqual(chunks * 384 * 2);
    expect(embeddings.attributes['gen_ai.request.model']).toBe('text-embedding-3-small');
    expect(embeddings.attributes['rag.embedding.batch_size']).toBe(chunks);
    expect(providerRequest.attributes['http.request.resend_count']).toBe(0);
    // The store write comes after the provider, within the job.
    expect(upsert.startTime[0] * 1e9 + upsert.startTime[1]).toBeGreaterThanOrEqual(embeddings.endTime[0] * 1e9 + embeddings.endTime[1]);
  });

  it('gives a request answered by the fast path (cached POST /v1/embeddings, in front of Express) its server span too', async () => {
    const body = JSON.stringify({ input: ['fast path one', 'fast path two'], model: 'text-embedding-3-small' });
    const post = (): Promise<Response> => fetch(`${api.url}/v1/embeddings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    // Computed and written; then read from Redis into the in-process L1 (a value this process wrote is not kept there).
    expect((await post()).status).toBe(200);
    expect((await post()).headers.get('x-embedding-cache')).toBe('hits=2; misses=0');
    exporter.reset();
    const second = await post();
    expect(second.headers.get('x-embedding-cache')).toBe('hits=2; misses=0');
    await waitFor(() => exporter.getFinishedSpans().some((s) => s.kind === SpanKind.SERVER), { description: 'the server span' });
    const spans = exporter.getFinishedSpans();
    const [request] = spans.filter((s) => s.kind === SpanKind.SERVER);
    expect(request.name).toBe('POST /v1/embeddings');
    expect(request.attributes['http.route']).toBe('/v1/embeddings');
    // Served from memory by the fast path: no Redis lookup, no provider call, under it.
    expect(spans.filter((s) => under(s, request, spans)).map((s) => s.name)).toEqual([]);
  });

  it('records the provider\'s retries on its request span (http.request.resend_count)', async () => {
    fake.failNext(503, 2);
    exporter.reset();
    const res = await fetch(`${api.url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: ['retried once', 'and twice'] }),
    });
    expect(res.status).toBe(200);
    await waitFor(() => exporter.getFinishedSpans().some((s) => s.kind === SpanKind.SERVER), { description: 'the server span' });
    const [providerRequest] = exporter.getFinishedSpans().filter((s) => s.name === 'POST /embeddings');
    expect(providerRequest.attributes['http.request.resend_count']).toBe(2);
    expect(providerRequest.attributes['rag.embedding.batch_size']).toBe(2);
  });
});
