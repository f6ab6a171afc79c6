import { RedisImportError } from '../errors/redis-import.error';
import { connectImportClient } from './connect-import-client';

type Listener = (error: Error) => void;

const instances: Array<{ url: string; options: Record<string, unknown> }> = [];
const connect = jest.fn();
const disconnect = jest.fn();
let errorListener: Listener | undefined;

jest.mock('ioredis', () => ({
  Redis: jest.fn().mockImplementation((url: string, options: Record<string, unknown>) => {
    instances.push({ url, options });
    return {
      status: 'connecting',
      connect,
      disconnect,
      on: (event: string, listener: Listener) => {
        if (event === 'error') errorListener = listener;
      },
    };
  }),
}));

describe('connectImportClient', () => {
  beforeEach(() => {
    jest.clearAllMocks();
    instances.length = 0;
  });

  it('connects with no reconnect, no offline queue and bounded timeouts', async () => {
    connect.mockResolvedValue(undefined);

    await connectImportClient({ url: 'redis://127.0.0.1:6379' });

    expect(instances[0].url).toBe('redis://127.0.0.1:6379');
    expect(instances[0].options).toMatchObject({ lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    expect(instances[0].options['connectTimeout']).toBeGreaterThan(0);
    expect(instances[0].options['commandTimeout']).toBeGreaterThan(0);
    expect((instances[0].options['retryStrategy'] as () => unknown)()).toBeNull();
    expect(instances[0].options).not.toHaveProperty('password');
    expect(instances[0].options).not.toHaveProperty('tls');
  });

  it('passes the TLS options to the client', async () => {
    connect.mockResolvedValue(undefined);
    const ca = Buffer.from('-----BEGIN CERTIFICATE-----');

    await connectImportClient({ url: 'rediss://importer:s3cret@10.0.0.5:6380', tls: { ca } });

    expect(instances[0].url).toBe('rediss://importer:s3cret@10.0.0.5:6380');
    expect(instances[0].options).toMatchObject({ tls: { ca } });
  });

  it('fails with the cause from the error event and the URL without its password', async () => {
    connect.mockImplementation(async () => {
      errorListener?.(new Error('connect ECONNREFUSED 127.0.0.1:1'));
      throw new Error('Connection is closed.');
    });

    const attempt = connectImportClient({ url: 'redis://user:secret@127.0.0.1:1' });

    await expect(attempt).rejects.toThrow(RedisImportError);
    await expect(attempt).rejects.toThrow(
      'cannot connect to Redis at redis://user:***@127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1 (set REDIS_EMBEDDING_CACHE_URL or REDIS_URL)',
    );
    expect(disconnect).toHaveBeenCalled();
  });
});
