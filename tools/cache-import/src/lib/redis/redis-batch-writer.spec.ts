import { ReplyError } from 'ioredis';
import type { Redis } from 'ioredis';
import { RedisImportError } from '../errors/redis-import.error';
import { RedisBatchWriter } from './redis-batch-writer';

const pipeline = { set: jest.fn(), exec: jest.fn() };
const client = { pipeline: jest.fn(() => pipeline) } as unknown as Redis;

const batch = [
  { key: 'p:1', value: Buffer.from([1]) },
  { key: 'p:2', value: Buffer.from([2]) },
  { key: 'p:3', value: Buffer.from([3]) },
];

describe('RedisBatchWriter', () => {
  beforeEach(() => jest.clearAllMocks());

  it('sends one pipeline of SET key value EX ttl NX and counts OK as written, null as already present', async () => {
    pipeline.exec.mockResolvedValue([
      [null, 'OK'],
      [null, null],
      [null, 'OK'],
    ]);
    const writer = new RedisBatchWriter(client, 3600, false);

    await expect(writer.write(batch)).resolves.toEqual({ written: 2, alreadyPresent: 1 });
    expect(client.pipeline).toHaveBeenCalledTimes(1);
    expect(pipeline.set.mock.calls).toEqual(batch.map(({ key, value }) => [key, value, 'EX', 3600, 'NX']));
  });

  it('leaves NX out with overwrite', async () => {
    pipeline.exec.mockResolvedValue(batch.map(() => [null, 'OK']));
    const writer = new RedisBatchWriter(client, 60, true);

    await expect(writer.write(batch)).resolves.toEqual({ written: 3, alreadyPresent: 0 });
    expect(pipeline.set.mock.calls).toEqual(batch.map(({ key, value }) => [key, value, 'EX', 60]));
  });

  it('reports the commands that succeeded, then fails on a lost connection', async () => {
    pipeline.exec.mockResolvedValue([
      [null, 'OK'],
      [new Error('Command aborted due to connection close'), undefined],
      [new Error('Command aborted due to connection close'), undefined],
    ]);
    const onPartial = jest.fn();
    const writer = new RedisBatchWriter(client, 60, false);

    await expect(writer.write(batch, onPartial)).rejects.toThrow(RedisImportError);
    await expect(writer.write(batch, onPartial)).rejects.toThrow('lost the connection to Redis: Command aborted due to connection close');
    expect(onPartial).toHaveBeenCalledWith({ written: 1, alreadyPresent: 0 });
  });

  it('names a server refusal (OOM, READONLY) as such', async () => {
    const oom = new ReplyError('OOM command not allowed when used memory > maxmemory');
    pipeline.exec.mockResolvedValue([[oom, undefined]]);
    const writer = new RedisBatchWriter(client, 60, false);

    await expect(writer.write(batch.slice(0, 1))).rejects.toThrow('Redis refused a write: OOM command not allowed');
  });

  it('wraps a rejected exec', async () => {
    pipeline.exec.mockRejectedValue(new Error('Connection is closed.'));
    const writer = new RedisBatchWriter(client, 60, false);

    await expect(writer.write(batch)).rejects.toThrow('lost the connection to Redis: Connection is closed.');
  });
});
