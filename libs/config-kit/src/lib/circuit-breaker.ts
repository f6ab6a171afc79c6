import { DeadlineExceededError } from './deadline-exceeded.error';

/**
 * A consecutive-failure circuit breaker, shared by the embedding cache's Redis connection and
 * rag-api's job queue. Written by hand rather than with opossum because both need different
 * semantics: it opens on N consecutive connectivity failures, stays open while calls are skipped
 * (no half-open trial calls on the request path), and is closed only by a background probe or a
 * fresh connection. It also keeps the hot path to two field reads, where opossum adds an event
 * emitter and rolling statistics to every call.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private open = false;

  constructor(
    private readonly threshold: number,
    private readonly onChange: (open: boolean) => void,
  ) {}

  /** Whether calls should skip the guarded server. */
  get isOpen(): boolean {
    return this.open;
  }

  /** Records a successful call; closes the circuit if it was open. */
  recordSuccess(): void {
    this.consecutiveFailures = 0;
    if (this.open) {
      this.open = false;
      this.onChange(false);
    }
  }

  /**
   * Records a failed call; opens the circuit at the threshold. A missed deadline whose timer fired
   * late because this process was busy (`DeadlineExceededError.explainedByLoopLag`) is not the
   * server's fault: it is not counted, and neither resets the count. Returns whether it counted.
   */
  recordFailure(error?: unknown): boolean {
    if (error instanceof DeadlineExceededError && error.explainedByLoopLag) return false;
    this.consecutiveFailures += 1;
    if (!this.open && this.consecutiveFailures >= this.threshold) {
      this.open = true;
      this.onChange(true);
    }
    return true;
  }
}
