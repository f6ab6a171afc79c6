import { HttpException, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { ragApiConfig } from '../config/rag-api.config';
import type { RagApiConfig } from '../config/rag-api.config';
import { QUEUE_TIMEOUT_MS } from '../embedding-jobs/embedding-jobs.constants';
import { QUEUE_CONNECTION } from '../embedding-jobs/queue-redis.module';
import { DocumentQueue } from '../jobs/document-queue.service';
import type { QueueConnection } from '../jobs/queue-connection';
import type { ApiKey } from './interfaces/api-key.interface';

/** Redis hash per key: job id → bytes of text it queued. */
const PREFIX = 'rag-api:queued-bytes:';
/** Entries outlive any job (completed jobs are kept a day): a forgotten hash goes away on its own. */
const TTL_SECONDS = 7 * 24 * 3600;
/**
 * `Retry-After` of a 429 that waiting can lift (the key's earlier jobs finishing): about the time a
 * worker takes for a large job. A job larger than the cap by itself gets none: it never passes.
 */
export const QUEUED_BYTES_RETRY_AFTER_S = 30;
/** Job states after which a job's bytes no longer count. */
const FINISHED = new Set(['completed', 'failed', 'unknown']);

/**
 * Per key, a cap on the bytes of text in its jobs not yet finished (`RAG_API_MAX_QUEUED_JOB_BYTES`):
 * each queued job is recorded in a Redis hash of its key (on the queue's Redis); when a new job
 * would pass the cap, the recorded jobs that finished are dropped, and if it still would, 429.
 * Approximate under concurrent requests of one key (two may pass together), and open when the
 * queue's Redis is unreachable (jobs cannot be queued then anyway). Its calls go through the
 * queue's breaker (`QueueConnection`), so while that Redis is down or frozen the check costs
 * nothing rather than its deadline.
 */
@Injectable()
export class QueuedBytesService {
  private readonly logger = new Logger('QueuedBytes');

  constructor(
    @Inject(QUEUE_CONNECTION) private readonly connection: QueueConnection,
    private readonly documents: DocumentQueue,
    @Inject(ragApiConfig.KEY) private readonly config: RagApiConfig,
  ) {}

  /** Throws 429 when `bytes` more would take `key` over its cap (with `Retry-After` when the job alone fits in it). */
  async check(key: ApiKey | undefined, bytes: number): Promise<void> {
    if (key === undefined) return;
    const cap = this.config.maxQueuedJobBytes;
    let queued: number;
    try {
      queued = await this.connection.call(QUEUE_TIMEOUT_MS, (redis) => this.queuedBytes(redis, key.id, bytes));
    } catch (error) {
      this.logger.warn(`Queued bytes of key "${key.id}" not checked: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (queued + bytes <= cap) return;
    throw new HttpException(
      {
        message:
          `API key "${key.id}" has ${queued} bytes of text in unfinished jobs; ${bytes} more would pass its cap of ${cap} ` +
          '(RAG_API_MAX_QUEUED_JOB_BYTES). Wait for its jobs to finish, or send smaller jobs',
        code: 'queued_bytes_exceeded',
        ...(bytes <= cap ? { retryAfterSeconds: QUEUED_BYTES_RETRY_AFTER_S } : {}),
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  /** Records a queued job of `key`. Best effort. */
  async record(key: ApiKey | undefined, jobId: string, bytes: number): Promise<void> {
    if (key === undefined) return;
    const hash = `${PREFIX}${key.id}`;
    try {
      await this.connection.call(QUEUE_TIMEOUT_MS, (redis) => redis.multi().hset(hash, jobId, bytes).expire(hash, TTL_SECONDS).exec());
    } catch (error) {
      this.logger.warn(`Queued job ${jobId} of key "${key.id}" not recorded: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Bytes of the key's recorded jobs; when `adding` more would pass the cap, only of those not finished (the others dropped). */
  private async queuedBytes(redis: QueueConnection['client'], id: string, adding: number): Promise<number> {
    const hash = `${PREFIX}${id}`;
    const entries = await redis.hgetall(hash);
    const sum = (jobs: string[]): number => jobs.reduce((total, job) => total + Number(entries[job] ?? 0), 0);
    const all = Object.keys(entries);
    if (sum(all) + adding <= this.config.maxQueuedJobBytes) return sum(all);
    const states = await Promise.all(all.map((job) => this.documents.queueOf(job).getJobState(job)));
    const finished = all.filter((_, i) => FINISHED.has(states[i]));
    if (finished.length > 0) await redis.hdel(hash, ...finished);
    return sum(all.filter((_, i) => !FINISHED.has(states[i])));
  }
}
