import type { L1Read } from '../interfaces/l1-read.interface';

/**
 * Decides whether a value a Redis read returned may enter the L1 tier.
 *
 * The read travels on the data connection and the invalidation on the tracking connection, so
 * a reply can reach this process after the invalidation of a write that Redis executed after
 * the read: keeping it would serve the old value until the next invalidation of that key. Every
 * invalidation and flush takes a sequence number; a read is refused the keys invalidated (or
 * flushed) after it began. Invalidations are remembered only while a read older than them is
 * in flight, so the bookkeeping stays as small as the reads in flight.
 */
export class L1ReadGuard {
  private seq = 0;
  private flushedSeq = 0;
  /** Reads in flight, oldest first (a Set iterates in insertion order, and `seq` only grows). */
  private readonly reads = new Set<L1Read>();
  /** Key → sequence number of its last invalidation, oldest first. */
  private readonly invalidatedSeq = new Map<string, number>();

  /** Registers a read about to be sent at `startedAt`. End it with `end`, whatever its outcome. */
  begin(startedAt: number): L1Read {
    const read: L1Read = { seq: this.seq, startedAt };
    this.reads.add(read);
    return read;
  }

  /** Whether `read` may put its value of `key` into the L1. */
  mayKeep(read: L1Read, key: string): boolean {
    if (!this.reads.has(read) || this.flushedSeq > read.seq) return false;
    const invalidated = this.invalidatedSeq.get(key);
    return invalidated === undefined || invalidated <= read.seq;
  }

  /** Forgets `read`, and the invalidations no read in flight is older than. */
  end(read: L1Read): void {
    this.reads.delete(read);
    const oldest = this.reads.values().next().value?.seq ?? Infinity;
    for (const [key, seq] of this.invalidatedSeq) {
      if (seq > oldest) break;
      this.invalidatedSeq.delete(key);
    }
  }

  /** Records that `keys` changed in Redis (or in this process). */
  invalidated(keys: readonly string[]): void {
    this.seq += 1;
    if (this.reads.size === 0) return;
    for (const key of keys) {
      // Re-inserted so that the map stays ordered by sequence number.
      this.invalidatedSeq.delete(key);
      this.invalidatedSeq.set(key, this.seq);
    }
  }

  /** Records that every key may have changed. */
  flushed(): void {
    this.seq += 1;
    this.flushedSeq = this.seq;
    this.invalidatedSeq.clear();
  }

  /** Invalidations remembered for the reads in flight (for tests). */
  get pendingInvalidations(): number {
    return this.invalidatedSeq.size;
  }
}
