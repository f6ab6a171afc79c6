import { loadWorkerConfig } from './env.validation';

describe('loadWorkerConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadWorkerConfig({})).toEqual({
      redisUrl: 'redis://127.0.0.1:6379',
      concurrency: 2,
      batchSize: 256,
      httpPort: 3001,
      lockDurationMs: 30_000,
      stalledIntervalMs: 30_000,
      logLevel: 'info',
    });
  });

  it.each([
    [{ WORKER_CONCURRENCY: '0' }, 'WORKER_CONCURRENCY must be an integer from 1 to 64'],
    [{ EMBEDDING_BATCH_SIZE: 'lots' }, 'EMBEDDING_BATCH_SIZE must be an integer from 1 to 2048'],
    [{ WORKER_HTTP_PORT: '70000' }, 'WORKER_HTTP_PORT must be an integer from 1 to 65535'],
    [{ REDIS_URL: 'http://user:hunter2@x' }, 'REDIS_URL must be a redis:// or rediss:// URL'],
  ])('fails on %j naming the variable', (env, message) => {
    expect(() => loadWorkerConfig(env)).toThrow(message);
  });

  it('names the variable, the rule once and the value as set', () => {
    expect(() => loadWorkerConfig({ WORKER_CONCURRENCY: 'lots', LOG_LEVEL: 'loud' })).toThrow(
      new Error(
        'Invalid worker configuration: WORKER_CONCURRENCY must be an integer from 1 to 64 (got "lots"); ' +
          'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      ),
    );
  });

  it('never echoes a password', () => {
    expect(() => loadWorkerConfig({ REDIS_URL: 'http://user:hunter2@x' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
  });
});
