/**
 * A read of Redis that may fill the L1 tier (`L1Tier.beginRead`): what it returns is kept only
 * if no invalidation of its key, and no flush, arrived while it was in flight.
 */
export interface L1Read {
  /** Invalidation sequence number when the read began. */
  readonly seq: number;
  /** When the read was sent (`performance.now()` ms): its values are at most this old. */
  readonly startedAt: number;
}
