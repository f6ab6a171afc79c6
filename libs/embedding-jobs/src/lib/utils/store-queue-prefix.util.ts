/**
 * BullMQ `prefix` of the `embedding-jobs` queue of documents of one private vector store (an
 * embedded PGlite, which only its own process can write): `bull:store-<storeId>`. Only that
 * process reads this queue, so no other instance on the same Redis can take its document jobs;
 * BullMQ's own default prefix (`bull`) stays the shared queue's.
 */
export function storeQueuePrefix(storeId: string): string {
  if (!/^[A-Za-z0-9-]+$/.test(storeId)) throw new Error(`store id "${storeId}" must be letters, digits and dashes`);
  return `bull:store-${storeId}`;
}
