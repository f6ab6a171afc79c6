import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthenticatedRequest } from './interfaces/authenticated-request.interface';
import { RateLimiterService } from './rate-limiter.service';

/**
 * Runs after `ApiKeyGuard`: counts the request against its key's `requestsPerMinute` (keys
 * without one are not limited) and answers 429 with `Retry-After` (seconds) once it is used up.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(private readonly limiter: RateLimiterService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const key = context.switchToHttp().getRequest<AuthenticatedRequest>().apiKey;
    if (key?.requestsPerMinute === undefined) return true;
    const decision = await this.limiter.hit(key.id, key.requestsPerMinute);
    const res = context.switchToHttp().getResponse<Response>();
    res.setHeader('x-ratelimit-limit-requests', String(key.requestsPerMinute));
    res.setHeader('x-ratelimit-remaining-requests', String(Math.max(0, key.requestsPerMinute - decision.count)));
    if (decision.allowed) return true;
    const seconds = Math.max(1, Math.ceil(decision.resetMs / 1000));
    res.setHeader('retry-after', String(seconds));
    throw new HttpException(
      { message: `Rate limit reached for API key "${key.id}": ${key.requestsPerMinute} requests per minute; retry after ${seconds} s`, code: 'rate_limit_exceeded' },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
