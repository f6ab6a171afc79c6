import type { Deferred } from '../interfaces/deferred.interface';

/** A promise settled from outside; its rejection is never reported as unhandled when nobody awaits it. */
export function createDeferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Concurrent callers attach their own handlers; this only keeps an unshared rejection from being reported as unhandled.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
