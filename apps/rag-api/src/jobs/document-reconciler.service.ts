import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EMBEDDING_JOBS_QUEUE, describeAbandonedJob } from '@rag/embedding-jobs';
import { VectorStore } from '@rag/vector-store';
import type { DocumentKey, DocumentRecord } from '@rag/vector-store';
import { ragApiConfig } from '../config/rag-api.config';
import type { RagApiConfig } from '../config/rag-api.config';
import { QUEUE_READ_CONNECTION } from '../embedding-jobs/queue-redis.module';
import { DocumentQueue } from './document-queue.service';
import type { QueueConnection } from './queue-connection';
import { ReconcilerMetrics } from './reconciler.metrics';

/** Documents read per page of a pass. */
const BATCH = 100;
/** Budget of one Redis call of the reconciler. */
const CALL_TIMEOUT_MS = 1_000;

/** What the reconciler does with a document in flight whose row has not changed for the bound. */
export type ReconcileDecision = { action: 'leave'; why: string } | { action: 'fail'; reason: string };

/**
 * The reconciler's state table: what to do with a stale document (`pending`/`processing`, row
 * unchanged for `stuckAfterMs`) given its job's state (`getJobState`; `unknown` when there is no
 * such job) and, for a failed job, its `failedReason`. Never re-queued here: a gone job has no
 * payload left (the row keeps no text), a completed one had its payload dropped (`compactJobData`),
 * and a failed one has used its attempts or killed its processes twice (a poison job: running it
 * again could kill workers for ever). The one re-queue is BullMQ's, bounded: a job whose process
 * died goes back once (`MAX_STALLED_COUNT`).
 */
export function decideStaleDocument(jobState: string, failedReason: string | null, stuckAfterMs: number): ReconcileDecision {
  switch (jobState) {
    case 'waiting':
    case 'prioritized':
    case 'waiting-children':
      // The bound is on rows that did not change, not on time in the queue: a long backlog is not stuck.
      return { action: 'leave', why: 'queued' };
    case 'delayed':
      return { action: 'leave', why: 'delayed (a retry backoff, or handed back to a process of its store)' };
    case 'active':
      // Under a live lock it is being ingested (a long one: the row changes when it ends). Without one
      // (its process died), the stalled check of any running worker puts it back once or fails it.
      return { action: 'leave', why: 'active' };
    case 'failed':
      return { action: 'fail', reason: describeAbandonedJob(failedReason ?? 'its job failed with no reason recorded') };
    case 'completed':
      return {
        action: 'fail',
        reason: 'ingestion finished without recording this document (its job completed but the document did not change); post it again',
      };
    default:
      return {
        action: 'fail',
        reason:
          `ingestion was interrupted and its job is gone (no "${EMBEDDING_JOBS_QUEUE}" job for it after ${stuckAfterMs} ms: ` +
          'the queue Redis lost it, or the process died during an inline ingestion); post it again',
      };
  }
}

/**
 * Makes sure no document stays `pending` or `processing` for ever (issue #14). Runs in every
 * rag-api process, on any store: an embedded PGlite (jobs on the store's own queue, `doc-<ingest
 * token>`) or the shared PostgreSQL (jobs on the shared queue, id = the ingest token, taken by the
 * workers). Every `DOCUMENT_STUCK_AFTER_MS / 4` (at most every minute) it pages through the
 * documents still in flight whose row has not changed for `DOCUMENT_STUCK_AFTER_MS` and applies
 * `decideStaleDocument` to each, with its job's state.
 *
 * Fleet-safe: each document is looked at under a Redis lock (`SET NX PX`) by one process at a
 * time, and the write (`failStaleDocument`) only applies while the document holds the same ingest
 * token, is still in flight and unchanged since the bound: a worker that wrote it meanwhile, a
 * newer POST, or another replica that marked it first wins, so each document is marked once.
 */
@Injectable()
export class DocumentReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DocumentReconciler');
  private timer?: NodeJS.Timeout;
  private running = false;
  /** Where the next pass goes on when the last one stopped on its time budget. */
  private cursor?: DocumentKey;
  private readonly stuckAfterMs: number;
  private readonly metrics = new ReconcilerMetrics();
  /** Stale documents seen since the start of the current round of pages (`rag_documents_stale_in_flight`). */
  private seen = 0;

  constructor(
    private readonly store: VectorStore,
    private readonly documents: DocumentQueue,
    @Inject(QUEUE_READ_CONNECTION) private readonly connection: QueueConnection,
    @Inject(ragApiConfig.KEY) config: RagApiConfig,
  ) {
    this.stuckAfterMs = config.documentStuckAfterMs;
  }

  /** Milliseconds between two passes. */
  get intervalMs(): number {
    return Math.max(250, Math.min(60_000, Math.floor(this.stuckAfterMs / 4)));
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.pass(), this.intervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /**
   * One pass; returns how many documents it marked failed. Pages of `BATCH` documents until the
   * last one, or until the pass has taken one interval (the next pass goes on from there). Skipped
   * while the queue's Redis is unreachable: a job it cannot read is not a job gone. Never throws.
   */
  async pass(): Promise<number> {
    if (this.running || !this.connection.available()) return 0;
    this.running = true;
    const updatedBefore = new Date(Date.now() - this.stuckAfterMs);
    const started = performance.now();
    let marked = 0;
    if (this.cursor === undefined) this.seen = 0;
    try {
      for (;;) {
        const page = await this.store.findStaleInFlight(updatedBefore, BATCH, this.cursor);
        this.seen += page.length;
        for (const doc of page) if (await this.reconcile(doc, updatedBefore)) marked += 1;
        this.cursor = page.length === BATCH ? page[BATCH - 1] : undefined;
        if (this.cursor === undefined) this.metrics.stale.set(this.seen);
        if (this.cursor === undefined || performance.now() - started > this.intervalMs) break;
      }
    } catch (error) {
      this.logger.warn(`Reconciliation pass stopped: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.running = false;
    }
    return marked;
  }

  private async reconcile(doc: DocumentRecord, updatedBefore: Date): Promise<boolean> {
    const token = doc.ingestToken;
    if (token === null || token === undefined) return false;
    const queue = this.documents.queue;
    const jobId = this.documents.jobIdOf(token);
    const lockKey = `${queue.qualifiedName}:reconcile:${token}`;
    const locked = await this.connection.call(CALL_TIMEOUT_MS, (client) => client.set(lockKey, '1', 'PX', Math.max(this.intervalMs * 2, 5_000), 'NX'));
    if (locked !== 'OK') return false;
    const state = await this.connection.call(CALL_TIMEOUT_MS, () => queue.getJobState(jobId));
    const [failedReason] =
      state === 'failed' ? await this.connection.call(CALL_TIMEOUT_MS, (client) => client.hmget(queue.toKey(jobId), 'failedReason')) : [null];
    const decision = decideStaleDocument(state, failedReason, this.stuckAfterMs);
    if (decision.action === 'leave') return false;
    const updated = await this.store.failStaleDocument(doc, token, updatedBefore, decision.reason);
    if (updated) {
      this.metrics.markedFailed(state);
      this.logger.warn(
        `Document "${doc.id}" (collection "${doc.collection}") was ${doc.state} for over ${this.stuckAfterMs} ms with its job ${state}: ` +
          `marked failed (${decision.reason})`,
      );
    }
    return updated !== null;
  }
}
