/** Rejection of a Redis call that did not answer within its budget. */
export class DeadlineExceededError extends Error {
  constructor(readonly budgetMs: number) {
    super(`Redis did not answer within ${budgetMs} ms`);
    this.name = 'DeadlineExceededError';
  }
}

/**
 * Settles like `promise`, or rejects with `DeadlineExceededError` after `budgetMs`. A late
 * rejection of `promise` is absorbed here, so it never becomes an unhandled rejection.
 */
export function withDeadline<T>(promise: Promise<T>, budgetMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DeadlineExceededError(budgetMs)), budgetMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
