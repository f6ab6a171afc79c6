import { ReplyError } from 'ioredis';
import type { Redis } from 'ioredis';
import { RedisImportError } from '../errors/redis-import.error';
import type { BatchOutcome } from '../interfaces/batch-outcome.interface';
import type { PreparedEntry } from '../interfaces/prepared-entry.interface';

/**
 * Writes batches as one pipeline of `SET key value EX ttl NX` (without `NX` when overwriting):
 * one round trip per batch, each value stored with its TTL atomically, existing keys untouched.
 * `OK` means written and a null reply means the key existed, which is what makes reruns idempotent.
 */
export class RedisBatchWriter {
  constructor(
    private readonly client: Redis,
    private readonly ttlSeconds: number,
    private readonly overwrite: boolean,
  ) {}

  /**
   * Sends one batch. Throws `RedisImportError` if any command failed (connection lost, timeout,
   * OOM, READONLY …); `onPartial` first receives the counts of the commands that did succeed.
   */
  async write(batch: readonly PreparedEntry[], onPartial?: (outcome: BatchOutcome) => void): Promise<BatchOutcome> {
    const pipeline = this.client.pipeline();
    for (const { key, value } of batch) {
      if (this.overwrite) pipeline.set(key, value, 'EX', this.ttlSeconds);
      else pipeline.set(key, value, 'EX', this.ttlSeconds, 'NX');
    }
    let replies: Array<[Error | null, unknown]> | null;
    try {
      replies = await pipeline.exec();
    } catch (error) {
      throw describeFailure(error as Error);
    }
    const outcome: BatchOutcome = { written: 0, alreadyPresent: 0 };
    let failure: Error | null = replies === null ? new Error('the pipeline was discarded') : null;
    for (const [error, reply] of replies ?? []) {
      if (error) failure ??= error;
      else if (reply === 'OK') outcome.written += 1;
      else outcome.alreadyPresent += 1;
    }
    if (failure) {
      onPartial?.(outcome);
      throw describeFailure(failure);
    }
    return outcome;
  }
}

function describeFailure(error: Error): RedisImportError {
  // A ReplyError is the server answering (OOM, READONLY, NOAUTH); anything else is the connection.
  const message =
    error instanceof ReplyError ? `Redis refused a write: ${error.message}` : `lost the connection to Redis: ${error.message}`;
  return new RedisImportError(message, error);
}
