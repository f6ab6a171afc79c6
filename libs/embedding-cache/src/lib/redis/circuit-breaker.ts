/**
 * A consecutive-failure circuit breaker. Written by hand rather than with opossum because the
 * cache needs different semantics: it opens on N consecutive connectivity failures, stays open
 * while calls are skipped (no half-open trial calls on the request path), and is closed only by
 * the background probe in `CacheConnection` or a fresh connection. It also keeps the hot path to
 * two field reads, where opossum adds an event emitter and rolling statistics to every call.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private open = false;

  constructor(
    private readonly threshold: number,
    private readonly onChange: (open: boolean) => void,
  ) {}

  /** Whether calls should skip Redis. */
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

  /** Records a failed call; opens the circuit at the threshold. */
  recordFailure(): void {
    this.consecutiveFailures += 1;
    if (!this.open && this.consecutiveFailures >= this.threshold) {
      this.open = true;
      this.onChange(true);
    }
  }
}
