/** Longest wait for the queue's Redis before a request gives up on it (503, or inline ingestion). */
export const QUEUE_TIMEOUT_MS = 2_000;
