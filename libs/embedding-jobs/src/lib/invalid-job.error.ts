/** A job whose data can never succeed (bad texts, another model): it must not be retried. */
export class InvalidJobError extends Error {
  readonly code = 'EMBEDDING_JOB_INVALID' as const;

  constructor(message: string) {
    super(message);
    this.name = 'InvalidJobError';
  }
}
