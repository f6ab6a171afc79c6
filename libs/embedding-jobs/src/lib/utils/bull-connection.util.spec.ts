import { bullConnectionFromUrl } from './bull-connection.util';

describe('bullConnectionFromUrl', () => {
  it('passes the URL and a bounded reconnect backoff', () => {
    const options = bullConnectionFromUrl('redis://:pw@queue:6380/2');
    expect(options.url).toBe('redis://:pw@queue:6380/2');
    expect(options.retryStrategy?.(1)).toBe(100);
    expect(options.retryStrategy?.(100)).toBe(2_000);
    expect(options.enableOfflineQueue).toBeUndefined();
  });
});
