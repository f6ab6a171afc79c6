import { describeCacheTarget } from './describe-cache-target.util';

describe('describeCacheTarget', () => {
  it('standalone: the URL with its password redacted', () => {
    expect(describeCacheTarget({ url: 'redis://cache:s3cret@redis:6379/2' })).toBe('redis://cache:***@redis:6379/2');
    expect(describeCacheTarget({})).toBe('redis://127.0.0.1:6379');
  });

  it('standalone: never echoes a URL it cannot parse, which may hold a secret', () => {
    expect(describeCacheTarget({ url: 'cache:s3cret@redis' })).not.toContain('s3cret');
  });

  it('cluster: the seed nodes, not the unused URL', () => {
    expect(describeCacheTarget({ mode: 'cluster', nodes: ['r0:7000', 'r1:7001'], url: 'redis://x:pw@unused:1', tls: true })).toBe(
      'cluster via r0:7000,r1:7001, TLS',
    );
  });

  it('sentinel: the master name and the sentinels, never the passwords', () => {
    const text = describeCacheTarget({ mode: 'sentinel', sentinelMaster: 'mymaster', sentinels: ['s0:26379', 's1:26379'], password: 'pw', sentinelPassword: 'spw' });
    expect(text).toBe('sentinel master "mymaster" via s0:26379,s1:26379');
  });

  it('disabled', () => {
    expect(describeCacheTarget({ enabled: false, url: 'redis://r:1' })).toBe('disabled');
  });
});
