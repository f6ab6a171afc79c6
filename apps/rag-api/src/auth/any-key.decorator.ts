import { applyDecorators } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { API_KEY_SECURITY } from './auth.constants';

/**
 * Documents a route that needs a valid key of any permission (`/health`, `/metrics`): what the
 * guard does for every route without `@RequiresPermission` or `@PublicRoute`.
 */
export const AnyApiKey = (): MethodDecorator & ClassDecorator =>
  applyDecorators(ApiSecurity(API_KEY_SECURITY), ApiErrorResponses({ 401: 'No API key, or one that is unknown or revoked (RAG_API_KEYS_FILE set); code invalid_api_key' }));
