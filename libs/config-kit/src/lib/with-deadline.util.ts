import { DeadlineExceededError } from './deadline-exceeded.error';

/**
 * Settles like `promise`, or rejects with `DeadlineExceededError` after `budgetMs`
 * (`"<subject> did not answer within <budgetMs> ms"`, subject `Redis` by default). A late
 * rejection of `promise` is absorbed here, so it never becomes an unhandled rejection.
 */
export function withDeadline<T>(promise: Promise<T>, budgetMs: number, subject?: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DeadlineExceededError(budgetMs, subject)), budgetMs);
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
