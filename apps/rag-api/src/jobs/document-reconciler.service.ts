import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EMBEDDING_JOBS_QUEUE } from '@rag/embedding-jobs';
import { VectorStore } from '@rag/vector-store';
import type { DocumentRecord } from '@rag/vector-store';
import { ragApiConfig } from '../config/rag-api.config';
import type { RagApiConfig } from '../config/rag-api.config';
import { QUEUE_READ_CONNECTION } from '../embedding-jobs/queue-redis.module';
import { DocumentQueue } from './document-queue.service';
import type { QueueConnection } from './queue-connection';

/** Documents looked at per pass. */
const BATCH = 100;
/** Budget of one Redis call of the reconciler. */
const CALL_TIMEOUT_MS = 1_000;
/** Job states in which the job still moves on its own: queued, delayed (a retry's backoff), or held by a live process. */
const MOVING = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children']);

/**
 * Makes sure no document stays `pending` or `processing` for ever (issue #14). Every
 * `DOCUMENT_STUCK_AFTER_MS / 4` (at most every minute) it looks for documents of this store still
 * in flight whose row has not changed for `DOCUMENT_STUCK_AFTER_MS`, and for each finds its job
 * (`doc-<ingest token>` on the store's own queue):
 * - queued, delayed, or active under a live lock: left alone, it is moving;
 * - active without a lock (its process died): left to BullMQ, which retries it once and then
 *   fails it (`MAX_STALLED_COUNT`), and `EmbeddingJobsHandler.onFailed` marks the document;
 * - failed (and the document not marked, e.g. its process died as it failed), completed without
 *   the document reflecting it, or gone (Redis lost it, or an inline ingestion was interrupted):
 *   the document is marked `failed` with the reason, under its ingest token (a newer POST wins).
 * Fleet-safe: a document is handled under a Redis lock (`SET NX PX`) taken by one process only,
 * and every write is conditional on the ingest token. Runs in rag-api with an embedded PGlite
 * (`JOBS_IN_PROCESS`), where this process is the only one ingesting the store.
 */
@Injectable()
export class DocumentReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DocumentReconciler');
  private timer?: NodeJS.Timeout;
  private running = false;
  private readonly stuckAfterMs: number;

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
    if (this.documents.private === undefined) return;
    this.timer = setInterval(() => void this.pass(), this.intervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One pass; returns how many documents it marked failed. Never throws. */
  async pass(): Promise<number> {
    if (this.running || !this.connection.available()) return 0;
    this.running = true;
    let marked = 0;
    try {
      const stale = await this.store.findStaleInFlight(new Date(Date.now() - this.stuckAfterMs), BATCH);
      for (const doc of stale) if (await this.reconcile(doc)) marked += 1;
    } catch (error) {
      this.logger.warn(`Reconciliation pass stopped: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.running = false;
    }
    return marked;
  }

  private async reconcile(doc: DocumentRecord): Promise<boolean> {
    const queue = this.documents.private;
    const token = doc.ingestToken;
    if (queue === undefined || token === null || token === undefined) return false;
    const jobId = `doc-${token}`;
    const lockKey = `${queue.qualifiedName}:reconcile:${token}`;
    const locked = await this.connection.call(CALL_TIMEOUT_MS, (client) => client.set(lockKey, '1', 'PX', Math.max(this.intervalMs * 2, 5_000), 'NX'));
    if (locked !== 'OK') return false;
    const state = await this.connection.call(CALL_TIMEOUT_MS, () => queue.getJobState(jobId));
    if (MOVING.has(state)) return false;
    if (state === 'active') {
      // A live process renews the job's lock; a dead one's job is retried or failed by BullMQ's stalled check.
      return false;
    }
    const [failedReason] = await this.connection.call(CALL_TIMEOUT_MS, (client) => client.hmget(queue.toKey(jobId), 'failedReason'));
    const reason =
      state === 'failed'
        ? `ingestion failed: ${failedReason ?? 'unknown reason'}`
        : state === 'completed'
          ? 'ingestion finished without recording this document; post it again'
          : `ingestion was interrupted and its job is gone (no "${EMBEDDING_JOBS_QUEUE}" job for it after ${this.stuckAfterMs} ms: ` +
            'the process died during an inline ingestion, or the queue Redis lost it); post it again';
    const updated = await this.store.setDocumentStateIfCurrent({ collection: doc.collection, id: doc.id, state: 'failed', error: reason }, token);
    if (updated) this.logger.warn(`Document "${doc.id}" (collection "${doc.collection}") was ${doc.state} for over ${this.stuckAfterMs} ms: marked failed (${reason})`);
    return updated !== null;
  }
}
