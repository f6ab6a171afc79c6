/**
 * Lateness of a deadline's timer from which the miss is put down to this process rather than to
 * what it waited for: half the budget, and at least 10 ms. A timer a few milliseconds late is
 * ordinary scheduling noise (1-5 ms on a loaded 2-core machine) and does not explain a miss; one
 * half a budget late means the event loop (or the CPU) was taken for that long, and the reply may
 * have arrived while the process could not read it.
 */
export const LOOP_LAG_FLOOR_MS = 10;

/** Rejection of a call that did not answer within its budget (see `withDeadline`). */
export class DeadlineExceededError extends Error {
  /**
   * @param budgetMs the budget that ran out, in milliseconds
   * @param subject what did not answer, first word of the message
   * @param loopLagMs how late the deadline's timer fired (the event loop's own delay), in milliseconds
   */
  constructor(
    readonly budgetMs: number,
    readonly subject = 'Redis',
    readonly loopLagMs = 0,
  ) {
    super(`${subject} did not answer within ${budgetMs} ms${loopLagMs >= 1 ? ` (this process's timer fired ${Math.round(loopLagMs)} ms late)` : ''}`);
    this.name = 'DeadlineExceededError';
  }

  /**
   * Whether the miss is explained by this process being late, not by the other side being slow:
   * the timer fired at least half a budget (and 10 ms) after it was due, because the event loop
   * was blocked or the process was starved of CPU. A circuit breaker does not count such a miss.
   */
  get explainedByLoopLag(): boolean {
    return this.loopLagMs >= Math.max(LOOP_LAG_FLOOR_MS, this.budgetMs / 2);
  }
}
