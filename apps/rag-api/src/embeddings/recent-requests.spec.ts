import { RecentRequests } from './recent-requests';

describe('RecentRequests', () => {
  const answer = (text: string): { body: Buffer } => ({ body: Buffer.from(text) });

  it('finds what was remembered for a body of exactly the same bytes, in another Buffer', () => {
    const recent = new RecentRequests<{ body: Buffer }>(4, 1024, 1024);
    const kept = answer('{"data":[]}');
    expect(recent.find(Buffer.from('{"input":["a"]}'))).toBeUndefined();
    recent.remember(Buffer.from('{"input":["a"]}'), kept);
    expect(recent.find(Buffer.from('{"input":["a"]}'))).toBe(kept);
    // Same length, other bytes; a prefix; a longer body.
    expect(recent.find(Buffer.from('{"input":["b"]}'))).toBeUndefined();
    expect(recent.find(Buffer.from('{"input":["a"]'))).toBeUndefined();
    expect(recent.find(Buffer.from('{"input":["a"]} '))).toBeUndefined();
  });

  it('keeps a copy of the bytes: the caller\'s Buffer (a view of a reused socket buffer) may change afterwards', () => {
    const recent = new RecentRequests<{ body: Buffer }>(4, 1024, 1024);
    const bytes = Buffer.from('{"input":["a"]}');
    const kept = answer('x');
    recent.remember(bytes, kept);
    bytes.write('{"input":["z"]}');
    expect(recent.find(bytes)).toBeUndefined();
    expect(recent.find(Buffer.from('{"input":["a"]}'))).toBe(kept);
  });

  it('holds the last maxEntries bodies, one entry per body: remembering the same bytes again replaces its answer', () => {
    const recent = new RecentRequests<{ body: Buffer }>(2, 1024, 1024);
    recent.remember(Buffer.from('one'), answer('1'));
    recent.remember(Buffer.from('two'), answer('2'));
    const renewed = answer('1 again');
    recent.remember(Buffer.from('one'), renewed);
    expect(recent.find(Buffer.from('one'))).toBe(renewed);
    expect(recent.find(Buffer.from('two'))?.body.toString()).toBe('2');
    recent.remember(Buffer.from('three'), answer('3'));
    // "two" was the least recently remembered.
    expect(recent.find(Buffer.from('two'))).toBeUndefined();
    expect(recent.find(Buffer.from('one'))).toBe(renewed);
    expect(recent.find(Buffer.from('three'))?.body.toString()).toBe('3');
  });

  it('keeps no body over maxRequestBytes and no answer over maxAnswerBytes; 0 entries keeps nothing', () => {
    const recent = new RecentRequests<{ body: Buffer }>(4, 8, 16);
    recent.remember(Buffer.from('123456789'), answer('short'));
    recent.remember(Buffer.from('1234'), answer('a body of more than 16 bytes'));
    recent.remember(Buffer.from('12345678'), answer('exactly 16 bytes'));
    expect(recent.find(Buffer.from('123456789'))).toBeUndefined();
    expect(recent.find(Buffer.from('1234'))).toBeUndefined();
    expect(recent.find(Buffer.from('12345678'))?.body.toString()).toBe('exactly 16 bytes');
    const none = new RecentRequests<{ body: Buffer }>(0, 1024, 1024);
    none.remember(Buffer.from('one'), answer('1'));
    expect(none.find(Buffer.from('one'))).toBeUndefined();
  });
});
