import type { Redis } from 'ioredis';

/**
 * Field of a job's BullMQ hash holding its item count (texts of an `embed-texts` job, chunks of an
 * `ingest-document` job), kept apart from the payload so that a status read never loads the
 * payload (up to 10 MB) to count it. BullMQ removes it with the job.
 */
export const JOB_TOTAL_FIELD = 'total';
/** Field of a job's hash naming the API key that queued it (who may read its status, #15). */
export const JOB_OWNER_FIELD = 'owner';
/** Field of a document job's hash naming its collection (keys of that collection may read its status). */
export const JOB_COLLECTION_FIELD = 'collection';

/** Sets the fields only on a job hash that exists: a job removed meanwhile is not recreated as a stray key. */
const SET_IF_EXISTS = `if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('HSET', KEYS[1], unpack(ARGV)) end return -1`;

/**
 * Records small fields (`total`, `owner`, `collection`) in the job hash `jobKey`
 * (`<prefix>:<queue>:<id>`), one round trip; fields given as `undefined` are left out.
 */
export async function setJobFields(client: Pick<Redis, 'eval'>, jobKey: string, fields: Record<string, string | number | undefined>): Promise<void> {
  const args = Object.entries(fields).flatMap(([field, value]) => (value === undefined ? [] : [field, String(value)]));
  if (args.length === 0) return;
  await client.eval(SET_IF_EXISTS, 1, jobKey, ...args);
}
