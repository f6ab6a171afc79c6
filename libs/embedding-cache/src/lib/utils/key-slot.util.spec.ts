import { keySlot } from './key-slot.util';

describe('keySlot', () => {
  // Reference values from `CLUSTER KEYSLOT` on Redis 7.0.
  it.each([
    ['foo', 12_182],
    ['bar', 5_061],
    ['123456789', 12_739],
    ['', 0],
    ['{user1000}.following', 3_443],
    ['{user1000}.followers', 3_443],
    ['foo{}{bar}', 8_363],
    ['foo{{bar}}zap', 4_015],
    ['foo{bar}{zap}', 5_061],
    ['embedding_cache:0b4e7a0e5fe84ad35fb5f95b9ceeac79', 13_749],
  ])('%j is in slot %d', (key, slot) => {
    expect(keySlot(key)).toBe(slot);
  });
});
