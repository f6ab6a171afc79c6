/** Longest wait for the queue's Redis to take a job (`queue.add`, whose payload may weigh 10 MB) before a request gives up on it (503, or inline ingestion). */
export const QUEUE_TIMEOUT_MS = 2_000;

/** `Retry-After` of a 503 while the queue's Redis is unavailable: about two heartbeats of its breaker. */
export const QUEUE_RETRY_AFTER_SECONDS = 2;
