import { DeadlineExceededError } from './deadline-exceeded.error';

/**
 * Node's own `setImmediate`, taken when this module loads: the extra turn is about the real event
 * loop's poll phase (real sockets), so fake timers installed later by a test do not hold it back.
 */
const nextLoopTurn = setImmediate;

/**
 * Settles like `promise`, or rejects with `DeadlineExceededError` after `budgetMs`
 * (`"<subject> did not answer within <budgetMs> ms"`, subject `Redis` by default). A late
 * rejection of `promise` is absorbed here, so it never becomes an unhandled rejection.
 *
 * The deadline is fair to the other side when this process is late: Node runs due timers before it
 * reads sockets, so after the event loop was blocked (or the process starved of CPU) a reply that
 * arrived in time would lose to its own deadline. When the timer fires, the rejection waits one
 * more turn of the loop (`setImmediate`: after the poll phase has read whatever arrived), and
 * records how late the timer fired (`loopLagMs`, see `DeadlineExceededError.explainedByLoopLag`).
 */
export function withDeadline<T>(promise: Promise<T>, budgetMs: number, subject?: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const due = performance.now() + budgetMs;
    const timer = setTimeout(() => {
      const loopLagMs = Math.max(0, performance.now() - due);
      nextLoopTurn(() => {
        if (settled) return;
        settled = true;
        reject(new DeadlineExceededError(budgetMs, subject, loopLagMs));
      });
    }, budgetMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        if (settled) return;
        settled = true;
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (settled) return;
        settled = true;
        reject(error);
      },
    );
  });
}
