import { SpanKind, trace } from '@opentelemetry/api';
import type { Job } from 'bullmq';
import { JOB_TRACE_CONTEXT_FIELD, TRACER_NAME, extractTraceContext, injectTraceContext, withSpan } from '@rag/tracing';
import type { TraceCarrier } from '@rag/tracing';
import { EMBEDDING_JOBS_QUEUE } from '../embedding-jobs.constants';

const MESSAGING = { 'messaging.system': 'bullmq', 'messaging.destination.name': EMBEDDING_JOBS_QUEUE } as const;

/**
 * Runs `add` (which queues one job and resolves its id) in a PRODUCER span `send embedding-jobs`,
 * giving it the span's W3C context to store in the job's data (`traceContext`; `undefined` with
 * tracing off, so the job looks as it always did).
 */
export function traceEnqueue(jobName: string, add: (traceContext: TraceCarrier | undefined) => Promise<string>): Promise<string> {
  const attributes = { ...MESSAGING, 'messaging.operation.type': 'send', 'messaging.operation.name': 'add', 'rag.job.name': jobName };
  return withSpan(`send ${EMBEDDING_JOBS_QUEUE}`, { kind: SpanKind.PRODUCER, attributes }, async (span) => {
    const id = await add(injectTraceContext());
    span.setAttribute('messaging.message.id', id);
    return id;
  });
}

/**
 * Runs a job's processing in a CONSUMER span `process embedding-jobs`, child of the span that
 * queued it (the context in its data, when it has one), after a `wait embedding-jobs` span from
 * the job's creation to now: the time it spent queued (delays and retries' backoff included).
 */
export function traceJobProcessing<T>(job: Job, run: () => Promise<T>): Promise<T> {
  const parent = extractTraceContext((job.data as Record<string, unknown> | undefined)?.[JOB_TRACE_CONTEXT_FIELD]);
  const attributes = {
    ...MESSAGING,
    'messaging.message.id': String(job.id),
    'rag.job.name': job.name,
    'rag.job.attempt': job.attemptsMade + 1,
  };
  trace
    .getTracer(TRACER_NAME)
    .startSpan(`wait ${EMBEDDING_JOBS_QUEUE}`, { kind: SpanKind.INTERNAL, attributes, startTime: job.timestamp }, parent)
    .end();
  return withSpan(
    `process ${EMBEDDING_JOBS_QUEUE}`,
    { kind: SpanKind.CONSUMER, parent, attributes: { ...attributes, 'messaging.operation.type': 'process' } },
    () => run(),
  );
}
