import { createHash } from 'node:crypto';
import { InvalidApiKeysFileError } from './errors/invalid-api-keys-file.error';
import { parseApiKeys } from './parse-api-keys.util';

const FILE = '/etc/rag/keys.json';
const sha = (key: string): string => createHash('sha256').update(key).digest('hex');
const entry = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'team-a',
  sha256: sha('sk-a'),
  collections: ['a'],
  permissions: ['read'],
  ...over,
});
const parse = (keys: unknown): ReturnType<typeof parseApiKeys> => parseApiKeys(JSON.stringify({ keys }), FILE);

describe('parseApiKeys', () => {
  it('reads every field, digests as bytes, permissions as a set, requestsPerMinute optional', () => {
    const keys = parse([entry({ requestsPerMinute: 600, permissions: ['embed', 'jobs'] }), entry({ id: 'ops', sha256: sha('sk-ops').toUpperCase(), collections: ['*'] })]);

    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatchObject({ id: 'team-a', collections: ['a'], requestsPerMinute: 600 });
    expect(keys[0].digest.equals(createHash('sha256').update('sk-a').digest())).toBe(true);
    expect([...keys[0].permissions]).toEqual(['embed', 'jobs']);
    expect(keys[1].requestsPerMinute).toBeUndefined();
    expect(keys[1].digest.toString('hex')).toBe(sha('sk-ops'));
  });

  it.each([
    ['bad JSON', '{"keys": [', /keys\.json.*not valid JSON/],
    ['no keys array', '{"key": []}', /"keys" must be an array/],
  ])('refuses %s, naming the file', (_case, text, message) => {
    expect(() => parseApiKeys(text, FILE)).toThrow(InvalidApiKeysFileError);
    expect(() => parseApiKeys(text, FILE)).toThrow(message);
  });

  it.each([
    ['a missing id', entry({ id: undefined }), /keys\[0\]\.id must be a non-empty string/],
    ['a digest that is not 64 hex digits', entry({ sha256: 'xyz' }), /keys\[0\]\.sha256 must be 64 hexadecimal digits/],
    ['an unknown permission', entry({ permissions: ['read', 'admin'] }), /keys\[0\]\.permissions\[1\] "admin" is not one of embed, read, write, jobs/],
    ['no collections', entry({ collections: [] }), /keys\[0\]\.collections must be a non-empty array/],
    ['a non-integer limit', entry({ requestsPerMinute: 1.5 }), /keys\[0\]\.requestsPerMinute must be an integer from 1/],
    ['an unknown field', entry({ key: 'sk-a' }), /keys\[0\]\.key is not a known field/],
  ])('refuses %s, naming the field', (_case, bad, message) => {
    expect(() => parse([bad])).toThrow(InvalidApiKeysFileError);
    expect(() => parse([bad])).toThrow(message);
  });

  it('refuses a duplicate id and a duplicate digest', () => {
    expect(() => parse([entry(), entry({ sha256: sha('sk-b') })])).toThrow(/keys\[1\]\.id "team-a" is already used by keys\[0\]/);
    expect(() => parse([entry(), entry({ id: 'team-b' })])).toThrow(/keys\[1\]\.sha256 is already used by keys\[0\]/);
  });

  it('never echoes a digest in its messages', () => {
    const digest = sha('sk-a');
    expect(() => parse([entry(), entry({ id: 'team-b' })])).not.toThrow(new RegExp(digest));
  });
});
