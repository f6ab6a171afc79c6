import { stripUndefined } from './strip-undefined.util';

describe('stripUndefined', () => {
  it('drops undefined fields and keeps every other value, falsy ones included', () => {
    expect(stripUndefined({ a: undefined, b: 0, c: '', d: null, e: false, f: 'x' })).toEqual({ b: 0, c: '', d: null, e: false, f: 'x' });
  });

  it('lets a default survive an option given as undefined', () => {
    const defaults = { ttl: 10, prefix: 'emb' };
    expect({ ...defaults, ...stripUndefined({ ttl: undefined, prefix: 'x' }) }).toEqual({ ttl: 10, prefix: 'x' });
  });

  it('does not change its argument', () => {
    const given = { a: undefined, b: 1 };
    stripUndefined(given);
    expect(Object.keys(given)).toEqual(['a', 'b']);
  });
});
