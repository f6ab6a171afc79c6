import { HttpException } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import type { ApiKey } from './interfaces/api-key.interface';
import { RateLimitGuard } from './rate-limit.guard';
import type { RateLimiterService } from './rate-limiter.service';

const limiter = { hit: jest.fn() };
const key = (requestsPerMinute?: number): ApiKey => ({ id: 'team-a', digest: Buffer.alloc(32), collections: ['*'], permissions: new Set(), requestsPerMinute });

function context(apiKey: ApiKey | undefined, headers: Record<string, string>): ExecutionContext {
  const res = { setHeader: (name: string, value: string) => (headers[name] = value) };
  return { getType: () => 'http', switchToHttp: () => ({ getRequest: () => ({ apiKey }), getResponse: () => res }) } as unknown as ExecutionContext;
}

describe('RateLimitGuard', () => {
  const guard = new RateLimitGuard(limiter as unknown as RateLimiterService);
  beforeEach(() => limiter.hit.mockReset());

  it('does not count requests without a key, or of a key without requestsPerMinute', async () => {
    await expect(guard.canActivate(context(undefined, {}))).resolves.toBe(true);
    await expect(guard.canActivate(context(key(), {}))).resolves.toBe(true);
    expect(limiter.hit).not.toHaveBeenCalled();
  });

  it('lets a request within the limit through with the remaining count', async () => {
    limiter.hit.mockResolvedValue({ allowed: true, count: 2, resetMs: 30_000, scope: 'fleet' });
    const headers: Record<string, string> = {};
    await expect(guard.canActivate(context(key(5), headers))).resolves.toBe(true);
    expect(limiter.hit).toHaveBeenCalledWith('team-a', 5);
    expect(headers).toEqual({ 'x-ratelimit-limit-requests': '5', 'x-ratelimit-remaining-requests': '3' });
  });

  it('answers 429 with Retry-After in whole seconds (at least 1) over the limit', async () => {
    limiter.hit.mockResolvedValue({ allowed: false, count: 6, resetMs: 12_300, scope: 'process' });
    const headers: Record<string, string> = {};
    const error = await guard.canActivate(context(key(5), headers)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpException);
    expect((error as HttpException).getStatus()).toBe(429);
    expect((error as HttpException).getResponse()).toMatchObject({ code: 'rate_limit_exceeded', message: expect.stringContaining('5 requests per minute') });
    expect(headers['retry-after']).toBe('13');
    limiter.hit.mockResolvedValue({ allowed: false, count: 6, resetMs: 5, scope: 'fleet' });
    await expect(guard.canActivate(context(key(5), headers))).rejects.toThrow(HttpException);
    expect(headers['retry-after']).toBe('1');
  });
});
