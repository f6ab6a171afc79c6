import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiResponse, ApiSecurity } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { OpenAIErrorResponseDto } from '../common/dto/openai-error-response.dto';
import { API_KEY_SECURITY, REQUIRED_PERMISSION } from './auth.constants';
import type { ApiPermission } from './auth.constants';
import type { RequiredPermission } from './interfaces/required-permission.interface';

/** The 401/403 every route behind a key can answer (declared in OpenAPI). */
export const KEY_ERRORS: Record<number, string> = {
  401: 'No API key, or one that is unknown or revoked (RAG_API_KEYS_FILE set); code invalid_api_key',
  403: "The key lacks the route's permission (code permission_denied) or the collection named (code collection_not_allowed)",
};

/** The 429 of a key over its limits, with the `Retry-After` of the request limit. */
const TOO_MANY_REQUESTS = ApiResponse({
  status: 429,
  description: "The key's requestsPerMinute are used up (code rate_limit_exceeded, with Retry-After), or its queued-job bytes (code queued_bytes_exceeded; with Retry-After unless the job alone is over the cap)",
  type: OpenAIErrorResponseDto,
  headers: {
    'Retry-After': { description: 'Seconds until the key\'s one-minute window ends (rate_limit_exceeded), or to wait for its jobs to finish (queued_bytes_exceeded, when the job alone fits in the cap).', required: false, schema: { type: 'string', pattern: '^[1-9][0-9]*$' } },
  },
});

/**
 * What a route needs of the caller's key when `RAG_API_KEYS_FILE` is set: `permission`, and with
 * `collectionIn`, the collection named in the body or the query (the default one when none is named)
 * among the key's collections. Read by `ApiKeyGuard`; also declares the key's errors in OpenAPI.
 */
export function RequiresPermission(permission: ApiPermission, collectionIn?: RequiredPermission['collectionIn']): MethodDecorator & ClassDecorator {
  const required: RequiredPermission = { permission, collectionIn };
  return applyDecorators(SetMetadata(REQUIRED_PERMISSION, required), ApiSecurity(API_KEY_SECURITY), ApiErrorResponses(KEY_ERRORS), TOO_MANY_REQUESTS);
}
