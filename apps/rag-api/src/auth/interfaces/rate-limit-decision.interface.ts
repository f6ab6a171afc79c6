/** Outcome of counting one request (`RateLimiterService.hit`). */
export interface RateLimitDecision {
  /** Whether the request is within the key's limit. */
  allowed: boolean;
  /** Requests counted in the current window, this one included. */
  count: number;
  /** Milliseconds until the window ends. */
  resetMs: number;
  /** Where it was counted: the fleet's Redis, or this process alone (Redis unreachable or slow). */
  scope: 'fleet' | 'process';
}
