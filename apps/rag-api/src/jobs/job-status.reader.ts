import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { withDeadline } from '@rag/config-kit';
import { EMBEDDING_JOBS_QUEUE, JOB_COLLECTION_FIELD, JOB_OWNER_FIELD, JOB_TOTAL_FIELD } from '@rag/embedding-jobs';
import { QUEUE_READ_CONNECTION } from '../embedding-jobs/queue-redis.module';
import { DocumentQueue } from './document-queue.service';
import type { QueueConnection } from './queue-connection';

/** Budget of one status read (two small round trips, on a connection of their own). */
export const STATUS_READ_TIMEOUT_MS = 1_000;

/** What a status read returns: the job's small fields, never its payload. */
export interface JobStatus {
  id: string;
  name: string;
  state: string;
  /** The hash's `progress`: a number, or `{ percent, total }` for a document job once its text is cut. */
  progress: unknown;
  /** The hash's `total` (`JOB_TOTAL_FIELD`), when recorded at enqueue. */
  total: number | undefined;
  returnvalue: unknown;
  failedReason: string | null;
  attemptsMade: number;
  /** The hash's `owner` (`JOB_OWNER_FIELD`): id of the API key that queued the job, when keys are in use. */
  owner: string | undefined;
  /** The hash's `collection` (`JOB_COLLECTION_FIELD`): a document job's collection. */
  collection: string | undefined;
}

/** Fields read from a job hash: everything but `data` (the payload), `opts` and `stacktrace`. */
const FIELDS = ['name', 'progress', JOB_TOTAL_FIELD, 'returnvalue', 'failedReason', 'atm', 'attemptsMade', JOB_OWNER_FIELD, JOB_COLLECTION_FIELD] as const;

/**
 * Reads a job's state and small fields on the status-read connection (`QUEUE_READ_CONNECTION`):
 * `getJobState` (BullMQ's script, cost independent of the job's size) and one HMGET of the fields
 * above, never the payload. So a status read costs the same for a 1-text and a 100,000-text job,
 * and never waits behind a multi-megabyte `queue.add` on the producer's connection.
 */
@Injectable()
export class JobStatusReader implements OnModuleDestroy {
  private readonly shared: Queue;
  private readonly private?: Queue;

  constructor(
    @Inject(QUEUE_READ_CONNECTION) private readonly connection: QueueConnection,
    private readonly documents: DocumentQueue,
  ) {
    this.shared = new Queue(EMBEDDING_JOBS_QUEUE, { connection: connection.client });
    this.shared.on('error', () => undefined);
    if (documents.prefix !== undefined) {
      this.private = new Queue(EMBEDDING_JOBS_QUEUE, { connection: connection.client, prefix: documents.prefix });
      this.private.on('error', () => undefined);
    }
  }

  /** The job's status, `undefined` when no such job exists. Throws `QueueUnavailableError` at once while the queue's Redis is unavailable. */
  async read(id: string): Promise<JobStatus | undefined> {
    const queue = this.private && this.documents.queueOf(id) === this.documents.private ? this.private : this.shared;
    // State first: fields read after the state was seen 'completed' carry the return value.
    const state = await this.connection.call(STATUS_READ_TIMEOUT_MS, () => queue.getJobState(id));
    const values = await this.connection.call(STATUS_READ_TIMEOUT_MS, (client) => client.hmget(queue.toKey(id), ...FIELDS));
    const [name, progress, total, returnvalue, failedReason, atm, attemptsMade, owner, collection] = values;
    if (name === null || state === 'unknown') return undefined;
    return {
      id,
      name,
      state,
      progress: parseJson(progress),
      total: total === null ? undefined : Number(total),
      returnvalue: parseJson(returnvalue),
      failedReason: failedReason || null,
      attemptsMade: Number(atm ?? attemptsMade ?? 0),
      owner: owner ?? undefined,
      collection: collection ?? undefined,
    };
  }

  async onModuleDestroy(): Promise<void> {
    // The connection belongs to QueueRedisModule: this only drops the queues' listeners.
    await withDeadline(Promise.all([this.shared.close(), this.private?.close()]), 1_000).catch(() => undefined);
  }
}

function parseJson(value: string | null): unknown {
  if (value === null || value === '') return null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}
