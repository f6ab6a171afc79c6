/** The job queue's Redis cannot be used right now (down, frozen, or its circuit open); callers answer 503 or ingest inline. */
export class QueueUnavailableError extends Error {
  readonly code = 'QUEUE_UNAVAILABLE';

  constructor(
    reason: string,
    override readonly cause?: unknown,
  ) {
    super(`the job queue's Redis is unavailable: ${reason}`);
    this.name = new.target.name;
  }
}
