import { Counter, Gauge } from 'prom-client';
import { globalMetric } from '@rag/config-kit';

/** Documents the reconciler marked failed, by the state of their job. */
export const DOCUMENTS_STUCK_FAILED = 'rag_documents_stuck_failed_total';
/** Documents in flight past the stuck bound at the reconciler's last complete pass. */
export const DOCUMENTS_STALE_IN_FLIGHT = 'rag_documents_stale_in_flight';
/** The job states `decideStaleDocument` fails a document for (`gone`: no job). */
export const STUCK_JOB_STATES = ['failed', 'completed', 'gone'] as const;

/**
 * The reconciler's metrics on prom-client's global registry (rag-api's `/metrics`), reused when
 * several apps are built in one process (tests).
 */
export class ReconcilerMetrics {
  /** Documents marked failed, by job state; the series start at 0 so `increase()` sees the first one. */
  readonly failed: Counter<'job_state'> = globalMetric(DOCUMENTS_STUCK_FAILED, () => {
    const counter = new Counter({
      name: DOCUMENTS_STUCK_FAILED,
      help: 'Documents pending/processing past DOCUMENT_STUCK_AFTER_MS that the reconciler marked failed, by the state of their job (failed, completed, gone)',
      labelNames: ['job_state'],
    });
    for (const state of STUCK_JOB_STATES) counter.inc({ job_state: state }, 0);
    return counter;
  });
  /** Stale documents seen by the last complete pass (queued ones included: a long backlog). */
  readonly stale: Gauge = globalMetric(
    DOCUMENTS_STALE_IN_FLIGHT,
    () =>
      new Gauge({
        name: DOCUMENTS_STALE_IN_FLIGHT,
        help: 'Documents pending/processing whose row had not changed for DOCUMENT_STUCK_AFTER_MS, at the reconciler’s last complete pass (queued ones included)',
      }),
  );

  /** Counts a document marked failed with its job in `jobState` (`getJobState`; anything else than failed/completed is gone). */
  markedFailed(jobState: string): void {
    this.failed.inc({ job_state: jobState === 'failed' || jobState === 'completed' ? jobState : 'gone' });
  }
}
