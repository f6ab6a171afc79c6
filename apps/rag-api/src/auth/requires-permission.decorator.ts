import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { API_KEY_SECURITY, REQUIRED_PERMISSION } from './auth.constants';
import type { ApiPermission } from './auth.constants';
import type { RequiredPermission } from './interfaces/required-permission.interface';

/** The 401/403/429 every route behind a key can answer (declared in OpenAPI). */
export const KEY_ERRORS: Record<number, string> = {
  401: 'No API key, or one that is unknown or revoked (RAG_API_KEYS_FILE set); code invalid_api_key',
  403: "The key lacks the route's permission (code permission_denied) or the collection named (code collection_not_allowed)",
  429: "The key's requestsPerMinute (code rate_limit_exceeded) or queued-job bytes (code queued_bytes_exceeded) are used up; see Retry-After",
};

/**
 * What a route needs of the caller's key when `RAG_API_KEYS_FILE` is set: `permission`, and with
 * `collectionIn`, the collection named in the body or the query (the default one when none is named)
 * among the key's collections. Read by `ApiKeyGuard`; also declares the key's errors in OpenAPI.
 */
export function RequiresPermission(permission: ApiPermission, collectionIn?: RequiredPermission['collectionIn']): MethodDecorator & ClassDecorator {
  const required: RequiredPermission = { permission, collectionIn };
  return applyDecorators(SetMetadata(REQUIRED_PERMISSION, required), ApiSecurity(API_KEY_SECURITY), ApiErrorResponses(KEY_ERRORS));
}
