import { ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { VectorStore } from '@rag/vector-store';
import { PUBLIC_ROUTE, REQUIRED_PERMISSION } from './auth.constants';
import { coversCollection } from './covers-collection.util';
import { ApiKeysService } from './api-keys.service';
import type { ApiKey } from './interfaces/api-key.interface';
import type { AuthenticatedRequest } from './interfaces/authenticated-request.interface';
import type { RequiredPermission } from './interfaces/required-permission.interface';
import { presentedKey } from './presented-key.util';

/**
 * The app-wide guard (APP_GUARD, so every route, present and future, is covered): when
 * `RAG_API_KEYS_FILE` is set, every route but `@PublicRoute()` ones needs a valid key (401),
 * with the permission its `@RequiresPermission` names and, where the route names a collection,
 * that collection among the key's (403). Routes with neither decorator need a key of any
 * permission (`/health`, `/metrics`).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
    private readonly store: VectorStore,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.keys.enabled || context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const presented = presentedKey(req.headers);
    if (presented === undefined) {
      throw new UnauthorizedException({
        message: 'No API key provided: send it as "Authorization: Bearer <key>" (or in the "api-key" header)',
        code: 'invalid_api_key',
      });
    }
    const key = this.keys.authenticate(presented);
    if (key === undefined) throw new UnauthorizedException({ message: 'Incorrect API key provided', code: 'invalid_api_key' });
    req.apiKey = key;
    const required = this.reflector.getAllAndOverride<RequiredPermission | undefined>(REQUIRED_PERMISSION, targets);
    if (required === undefined) return true;
    if (!key.permissions.has(required.permission)) {
      throw new ForbiddenException({ message: `This API key lacks the "${required.permission}" permission`, code: 'permission_denied' });
    }
    if (required.collectionIn !== undefined) this.checkCollection(key, req, required.collectionIn);
    return true;
  }

  /** A collection that is not a string is left to validation (400); the route then names none the key could be refused. */
  private checkCollection(key: ApiKey, req: AuthenticatedRequest, from: 'body' | 'query'): void {
    const source: unknown = from === 'body' ? req.body : req.query;
    const named = typeof source === 'object' && source !== null ? (source as { collection?: unknown }).collection : undefined;
    if (named !== undefined && typeof named !== 'string') return;
    const collection = named ?? this.store.defaultCollection;
    if (!coversCollection(key, collection)) {
      throw new ForbiddenException({ message: `This API key may not use collection "${collection}"`, param: 'collection', code: 'collection_not_allowed' });
    }
  }
}
