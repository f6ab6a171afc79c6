import { storeQueuePrefix } from './store-queue-prefix.util';

describe('storeQueuePrefix', () => {
  it("puts the store's queue under a prefix of its own, apart from BullMQ's default one", () => {
    expect(storeQueuePrefix('0b6c3a4e-1f2d-4c5b-9a8e-7d6f5e4c3b2a')).toBe('bull:store-0b6c3a4e-1f2d-4c5b-9a8e-7d6f5e4c3b2a');
  });

  it.each(['', 'a:b', 'a b', '{tag}'])('refuses the store id %j, which could collide with or break Redis key names', (id) => {
    expect(() => storeQueuePrefix(id)).toThrow(/letters, digits and dashes/);
  });
});
