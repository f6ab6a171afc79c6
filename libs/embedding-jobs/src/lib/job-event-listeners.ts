import { context } from '@opentelemetry/api';
import type { LoggerService } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { Counter } from 'prom-client';
import { extractTraceContext } from '@rag/tracing';
import type { EmbeddingJobsHandler, EmbeddingQueueJobData, EmbeddingQueueJobResult } from './embedding-jobs.handler';
import { failedAttemptOutcome } from './jobs-total.metric';
import type { JobsTotalLabels } from './jobs-total.metric';

/** Listeners of a BullMQ Worker's `completed` and `failed` events on `embedding-jobs`. */
export interface JobEventListeners {
  completed(job: Job<EmbeddingQueueJobData, EmbeddingQueueJobResult>): void;
  failed(job: Job<EmbeddingQueueJobData> | undefined, error: Error): void;
}

/** Options of `jobEventListeners`. */
export interface JobEventListenersOptions {
  /** Level of the line of a completed job: `log` (the worker's), `debug` (rag-api's in-process jobs, which log none by default). */
  completedLevel?: 'log' | 'debug';
}

/**
 * The one reaction to a finished attempt, for every process taking the queue (the worker's
 * `@OnWorkerEvent`s, rag-api's in-process Workers): counts it in `embedding_jobs_total` (a failed
 * one as `failedAttemptOutcome`), logs a line inside the job's trace context (its data's
 * `traceContext`, so that the line names its trace_id), and hands the job to the handler's
 * `onCompleted`/`onFailed` (not awaited: they never throw).
 */
export function jobEventListeners(
  handler: Pick<EmbeddingJobsHandler, 'onCompleted' | 'onFailed'>,
  jobs: Counter<JobsTotalLabels>,
  logger: Pick<LoggerService, 'log' | 'warn'> & { debug(message: string): void },
  { completedLevel = 'log' }: JobEventListenersOptions = {},
): JobEventListeners {
  return {
    completed(job) {
      jobs.inc({ outcome: 'completed', name: job.name });
      context.with(extractTraceContext(job.data?.traceContext), () => logger[completedLevel](`Job ${job.id} completed: ${JSON.stringify(job.returnvalue)}`));
      void handler.onCompleted(job);
    },
    failed(job, error) {
      jobs.inc({ outcome: failedAttemptOutcome(job), name: job?.name ?? 'unknown' });
      context.with(extractTraceContext(job?.data?.traceContext), () =>
        logger.warn(`Job ${job?.id ?? '?'} (${job?.name ?? '?'}) attempt ${job?.attemptsMade ?? '?'} failed: ${error.message}`),
      );
      void handler.onFailed(job, error);
    },
  };
}
