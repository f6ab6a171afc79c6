import type { Deferred } from './interfaces/deferred.interface';
import { createDeferred } from './utils/create-deferred.util';

/**
 * In-process single-flight: while one call computes a key, concurrent calls in this process that
 * need the same key wait for its result instead of computing it again.
 */
export class SingleFlight<T> {
  private readonly inflight = new Map<string, Promise<T>>();

  /** The result another call in this process is computing for `key`, if any. */
  pending(key: string): Promise<T> | undefined {
    return this.inflight.get(key);
  }

  /** Whether another call in this process is computing any of `keys`. */
  pendingAny(keys: readonly string[]): boolean {
    if (this.inflight.size === 0) return false;
    return keys.some((key) => this.inflight.has(key));
  }

  /**
   * Of `slots` (indexes into `keys`), those whose key another call in this process is computing
   * get its result at `into[slot]` once it arrives (`waits` receives the promise to await);
   * returns the others, in order.
   */
  share(keys: readonly string[], slots: readonly number[], into: Array<T | undefined>, waits: Array<Promise<void>>): number[] {
    const own: number[] = [];
    for (const slot of slots) {
      const pending = this.inflight.get(keys[slot]);
      if (pending) waits.push(pending.then((value) => void (into[slot] = value)));
      else own.push(slot);
    }
    return own;
  }

  /** Announces that the caller computes `items`' keys; it must settle each through the returned flight. */
  start(items: ReadonlyArray<{ readonly key: string }>): Flight<T> {
    const flight = new Flight<T>(this.inflight);
    for (const item of items) flight.add(item.key);
    return flight;
  }
}

/** The keys one call computes: settle each with `resolve`, or all that are left with `reject`. */
export class Flight<T> {
  private readonly deferreds = new Map<string, Deferred<T>>();

  constructor(private readonly inflight: Map<string, Promise<T>>) {}

  /** Registers `key` as computed by this flight. */
  add(key: string): void {
    const deferred = createDeferred<T>();
    this.deferreds.set(key, deferred);
    this.inflight.set(key, deferred.promise);
  }

  /** Hands `value` to every call waiting for `key`. */
  resolve(key: string, value: T): void {
    const deferred = this.deferreds.get(key);
    if (!deferred) return;
    this.deferreds.delete(key);
    this.forget(key, deferred);
    deferred.resolve(value);
  }

  /** Passes `error` to every call waiting for a key this flight has not resolved. */
  reject(error: unknown): void {
    for (const [key, deferred] of this.deferreds) {
      this.forget(key, deferred);
      deferred.reject(error);
    }
    this.deferreds.clear();
  }

  private forget(key: string, deferred: Deferred<T>): void {
    // Once resolved, a key may be computed again by a later call: leave that call's entry alone.
    if (this.inflight.get(key) === deferred.promise) this.inflight.delete(key);
  }
}
