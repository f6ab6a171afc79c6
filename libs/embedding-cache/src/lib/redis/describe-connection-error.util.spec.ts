import { ReplyError } from 'ioredis';
import { describeConnectionError } from './describe-connection-error.util';

/** The shape of ioredis' ClusterAllFailedError: a generic message, the node's error as `lastNodeError`. */
function clusterAllFailed(lastNodeError: Error): Error {
  return Object.assign(new Error('Failed to refresh slots cache.'), { lastNodeError });
}

describe('describeConnectionError', () => {
  it('adds a credentials hint to WRONGPASS, NOAUTH and NOPERM replies', () => {
    const described = describeConnectionError(new ReplyError('WRONGPASS invalid username-password pair or user is disabled.'));
    expect(described).toMatch(/^WRONGPASS invalid username-password pair/);
    expect(described).toContain('REDIS_EMBEDDING_CACHE_PASSWORD');
  });

  it('keeps other messages as they are', () => {
    expect(describeConnectionError(new Error('connect ECONNREFUSED 127.0.0.1:6390'))).toBe('connect ECONNREFUSED 127.0.0.1:6390');
  });

  it("names the node's own error when a cluster reports that every node failed", () => {
    const described = describeConnectionError(clusterAllFailed(new ReplyError('WRONGPASS invalid username-password pair')));
    expect(described).toMatch(/^WRONGPASS invalid username-password pair/);
    expect(described).toContain('Failed to refresh slots cache.');
    expect(described).toContain('REDIS_EMBEDDING_CACHE_PASSWORD');
  });

  it('keeps the cluster message when no node error is known', () => {
    expect(describeConnectionError(new Error('Failed to refresh slots cache.'))).toBe('Failed to refresh slots cache.');
  });
});
