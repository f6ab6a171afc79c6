import { context, propagation } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { Job } from 'bullmq';
import { Counter, Registry } from 'prom-client';
import { traceLogFields } from '@rag/tracing';
import type { EmbeddingQueueJobData, EmbeddingQueueJobResult } from './embedding-jobs.handler';
import { jobEventListeners } from './job-event-listeners';
import type { JobsTotalLabels } from './jobs-total.metric';
import { JOBS_TOTAL_OPTIONS } from './jobs-total.metric';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

describe('jobEventListeners', () => {
  const contextManager = new AsyncLocalStorageContextManager();
  beforeAll(() => {
    context.setGlobalContextManager(contextManager.enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });
  afterAll(() => {
    context.disable();
    propagation.disable();
  });

  /** Listeners over a fresh counter, a handler of mocks and a logger noting each line with the trace fields a pino mixin would add. */
  function setup(completedLevel?: 'log' | 'debug') {
    const registry = new Registry();
    const counter = new Counter<JobsTotalLabels>({ ...JOBS_TOTAL_OPTIONS, labelNames: [...JOBS_TOTAL_OPTIONS.labelNames], registers: [registry] });
    const handler = { onCompleted: jest.fn(async () => undefined), onFailed: jest.fn(async () => undefined) };
    const lines: Array<{ level: string; message: string; trace_id?: string }> = [];
    const note = (level: string) => (message: string) => lines.push({ level, message, ...traceLogFields() });
    const logger = { log: jest.fn(note('log')), debug: jest.fn(note('debug')), warn: jest.fn(note('warn')) };
    const listeners = jobEventListeners(handler, counter, logger, completedLevel === undefined ? undefined : { completedLevel });
    const count = async (labels: Record<JobsTotalLabels, string>): Promise<number> =>
      (await counter.get()).values.find((v) => v.labels['outcome'] === labels.outcome && v.labels['name'] === labels.name)?.value ?? 0;
    return { listeners, handler, lines, count };
  }

  const job = (fields: Partial<Job>): Job<EmbeddingQueueJobData, EmbeddingQueueJobResult> =>
    ({ id: '7', name: 'ingest-document', attemptsMade: 1, data: { traceContext: { traceparent: TRACEPARENT } }, ...fields }) as unknown as Job<
      EmbeddingQueueJobData,
      EmbeddingQueueJobResult
    >;

  it('completed: counts it, logs its summary inside the job\'s trace, and lets the handler drop its payload', async () => {
    const { listeners, handler, lines, count } = setup();
    const completed = job({ returnvalue: { documentId: 'doc-1', chunks: 2 } });
    listeners.completed(completed);
    expect(await count({ outcome: 'completed', name: 'ingest-document' })).toBe(1);
    expect(lines).toEqual([{ level: 'log', message: 'Job 7 completed: {"documentId":"doc-1","chunks":2}', trace_id: TRACE_ID, span_id: '00f067aa0ba902b7' }]);
    expect(handler.onCompleted).toHaveBeenCalledWith(completed);
  });

  it('completed at debug level when asked (rag-api)', () => {
    const { listeners, lines } = setup('debug');
    listeners.completed(job({ returnvalue: { total: 1 } }));
    expect(lines).toMatchObject([{ level: 'debug', message: 'Job 7 completed: {"total":1}', trace_id: TRACE_ID }]);
  });

  it('failed: counts a retried attempt, then a final one, warning inside the job\'s trace, and hands both to the handler', async () => {
    const { listeners, handler, lines, count } = setup();
    const error = new Error('provider down');
    listeners.failed(job({ attemptsMade: 1 }), error);
    listeners.failed(job({ attemptsMade: 3, finishedOn: Date.now() }), error);
    expect(await count({ outcome: 'retried', name: 'ingest-document' })).toBe(1);
    expect(await count({ outcome: 'failed', name: 'ingest-document' })).toBe(1);
    expect(lines).toMatchObject([
      { level: 'warn', message: 'Job 7 (ingest-document) attempt 1 failed: provider down', trace_id: TRACE_ID },
      { level: 'warn', message: 'Job 7 (ingest-document) attempt 3 failed: provider down', trace_id: TRACE_ID },
    ]);
    expect(handler.onFailed).toHaveBeenCalledTimes(2);
  });

  it('failed without a job (BullMQ may not have it) or without a trace context: counted as unknown, logged without trace ids', async () => {
    const { listeners, handler, lines, count } = setup();
    const error = new Error('lost');
    listeners.failed(undefined, error);
    listeners.failed(job({ data: { texts: ['a'] } as unknown as EmbeddingQueueJobData, name: 'embed-texts', finishedOn: 1 }), error);
    expect(await count({ outcome: 'failed', name: 'unknown' })).toBe(1);
    expect(await count({ outcome: 'failed', name: 'embed-texts' })).toBe(1);
    expect(lines).toEqual([
      { level: 'warn', message: 'Job ? (?) attempt ? failed: lost' },
      { level: 'warn', message: 'Job 7 (embed-texts) attempt 1 failed: lost' },
    ]);
    expect(handler.onFailed).toHaveBeenCalledWith(undefined, error);
  });
});
