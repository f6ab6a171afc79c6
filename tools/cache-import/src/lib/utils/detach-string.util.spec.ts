import { detachString } from './detach-string.util';

describe('detachString', () => {
  it.each(['', 'a'.repeat(64), 'café 😀', '\ud800 lone surrogate', '\u0000NaN'])('returns an equal string for %j', (value) => {
    expect(detachString(value)).toBe(value);
  });
});
