import { ForbiddenException, UnauthorizedException } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import { ApiKeyGuard } from './api-key.guard';
import type { ApiKeysService } from './api-keys.service';
import type { ApiKey } from './interfaces/api-key.interface';
import type { AuthenticatedRequest } from './interfaces/authenticated-request.interface';
import { PublicRoute } from './public-route.decorator';
import { RequiresPermission } from './requires-permission.decorator';

const key = (id: string, collections: string[], permissions: ApiKey['permissions'] extends ReadonlySet<infer P> ? P[] : never): ApiKey => ({
  id,
  digest: createHash('sha256').update(id).digest(),
  collections,
  permissions: new Set(permissions),
});
const TEAM_A = key('team-a', ['a'], ['read']);
const OPS = key('ops', ['*'], ['read', 'write']);
const known: Record<string, ApiKey> = { 'sk-a': TEAM_A, 'sk-ops': OPS };
const keys = { enabled: true, authenticate: jest.fn((presented: string) => known[presented]) };

class Routes {
  @PublicRoute() live(): string {
    return 'live';
  }
  @RequiresPermission('read', 'query') getDocument(): string {
    return 'document';
  }
  @RequiresPermission('read', 'body') retrieve(): string {
    return 'results';
  }
  @RequiresPermission('write', 'query') deleteDocument(): string {
    return 'deleted';
  }
  health(): string {
    return 'health';
  }
}

function context(handler: keyof Routes, req: Partial<AuthenticatedRequest>): ExecutionContext {
  return {
    getType: () => 'http',
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => Object.assign(req, { headers: req.headers ?? {}, query: req.query ?? {} }) }),
  } as unknown as ExecutionContext;
}

describe('ApiKeyGuard', () => {
  const guard = new ApiKeyGuard(new Reflector(), keys as unknown as ApiKeysService, { defaultCollection: 'default' } as never);

  it('lets everything through when no keys file is set', () => {
    const open = new ApiKeyGuard(new Reflector(), { enabled: false } as unknown as ApiKeysService, { defaultCollection: 'default' } as never);
    expect(open.canActivate(context('deleteDocument', {}))).toBe(true);
  });

  it('lets public routes through without a key', () => {
    expect(guard.canActivate(context('live', {}))).toBe(true);
  });

  it('refuses a missing or unknown key with 401, on routes without a permission too', () => {
    expect(() => guard.canActivate(context('health', {}))).toThrow(UnauthorizedException);
    expect(() => guard.canActivate(context('getDocument', { headers: { authorization: 'Bearer sk-nope' } }))).toThrow(UnauthorizedException);
  });

  it('takes the key from Authorization: Bearer or api-key and records it on the request', () => {
    const req: Partial<AuthenticatedRequest> = { headers: { 'api-key': 'sk-a' }, query: { collection: 'a' } };
    expect(guard.canActivate(context('getDocument', req))).toBe(true);
    expect(req.apiKey).toBe(TEAM_A);
    expect(guard.canActivate(context('health', { headers: { authorization: 'Bearer sk-ops' } }))).toBe(true);
  });

  it('refuses a permission the key lacks with 403', () => {
    expect(() => guard.canActivate(context('deleteDocument', { headers: { authorization: 'Bearer sk-a' }, query: { collection: 'a' } }))).toThrow(ForbiddenException);
  });

  it('refuses a collection outside the key (named in the query or body, or the default one) with 403; "*" covers all', () => {
    const asA = { authorization: 'Bearer sk-a' };
    expect(() => guard.canActivate(context('getDocument', { headers: asA, query: { collection: 'b' } }))).toThrow(ForbiddenException);
    expect(() => guard.canActivate(context('retrieve', { headers: asA, body: { query: 'q', collection: 'b' } }))).toThrow(ForbiddenException);
    expect(() => guard.canActivate(context('retrieve', { headers: asA, body: { query: 'q' } }))).toThrow(/collection "default"/);
    expect(guard.canActivate(context('retrieve', { headers: asA, body: { query: 'q', collection: 'a' } }))).toBe(true);
    expect(guard.canActivate(context('retrieve', { headers: { authorization: 'Bearer sk-ops' }, body: { collection: 'b' } }))).toBe(true);
  });
});
