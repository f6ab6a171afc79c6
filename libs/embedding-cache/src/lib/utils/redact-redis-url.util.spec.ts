import { redactRedisUrl } from './redact-redis-url.util';

describe('redactRedisUrl', () => {
  it('replaces the password and keeps the rest', () => {
    expect(redactRedisUrl('redis://app:s3cr3t@cache.internal:6380/2')).toBe('redis://app:***@cache.internal:6380/2');
    expect(redactRedisUrl('rediss://:s3cr3t@10.0.0.1:6379')).toBe('rediss://:***@10.0.0.1:6379');
  });

  it('leaves a URL without password as it is', () => {
    expect(redactRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('never echoes an unparseable value', () => {
    expect(redactRedisUrl('not a url s3cr3t')).not.toContain('s3cr3t');
  });
});
