import type { Redis } from 'ioredis';

/**
 * Field of a job's BullMQ hash holding its item count (texts of an `embed-texts` job, chunks of an
 * `ingest-document` job), kept apart from the payload so that a status read never loads the
 * payload (up to 10 MB) to count it. BullMQ removes it with the job.
 */
export const JOB_TOTAL_FIELD = 'total';

/** Sets the field only on a job hash that exists: a job removed meanwhile is not recreated as a stray key. */
const SET_IF_EXISTS = `if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end return -1`;

/** Records `total` in the job hash `jobKey` (`<prefix>:<queue>:<id>`), one round trip. */
export async function setJobTotal(client: Pick<Redis, 'eval'>, jobKey: string, total: number): Promise<void> {
  await client.eval(SET_IF_EXISTS, 1, jobKey, JOB_TOTAL_FIELD, String(total));
}
