import { L1ReadGuard } from './l1-read-guard';

describe('L1ReadGuard', () => {
  it('refuses a key invalidated while the read was in flight, and only that key', () => {
    const guard = new L1ReadGuard();
    const read = guard.begin(0);

    guard.invalidated(['a']);

    expect(guard.mayKeep(read, 'a')).toBe(false);
    expect(guard.mayKeep(read, 'b')).toBe(true);
    guard.end(read);
  });

  it('accepts a key invalidated before the read began: the read was sent after the change', () => {
    const guard = new L1ReadGuard();
    const older = guard.begin(0);
    guard.invalidated(['a']);
    const newer = guard.begin(1);

    expect(guard.mayKeep(older, 'a')).toBe(false);
    expect(guard.mayKeep(newer, 'a')).toBe(true);
    guard.end(older);
    guard.end(newer);
  });

  it('refuses every key of a read in flight during a flush', () => {
    const guard = new L1ReadGuard();
    const read = guard.begin(0);

    guard.flushed();

    expect(guard.mayKeep(read, 'a')).toBe(false);
    const after = guard.begin(1);
    expect(guard.mayKeep(after, 'a')).toBe(true);
  });

  it('refuses a read that has ended (a late reply) and remembers nothing when no read is in flight', () => {
    const guard = new L1ReadGuard();
    guard.invalidated(['a', 'b']);
    expect(guard.pendingInvalidations).toBe(0);

    const read = guard.begin(0);
    guard.end(read);
    expect(guard.mayKeep(read, 'a')).toBe(false);
  });

  it('forgets an invalidation once every read older than it has ended', () => {
    const guard = new L1ReadGuard();
    const first = guard.begin(0);
    guard.invalidated(['a']);
    const second = guard.begin(1);
    guard.invalidated(['b']);
    expect(guard.pendingInvalidations).toBe(2);

    guard.end(first);
    // 'a' no longer matters to anyone; 'b' still matters to the second read.
    expect(guard.pendingInvalidations).toBe(1);
    expect(guard.mayKeep(second, 'b')).toBe(false);

    guard.end(second);
    expect(guard.pendingInvalidations).toBe(0);
  });

  it('keeps the started-at time of a read', () => {
    const guard = new L1ReadGuard();
    expect(guard.begin(42).startedAt).toBe(42);
  });
});
