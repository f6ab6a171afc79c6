import { createParamDecorator } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from './interfaces/authenticated-request.interface';

/** The caller's key as `ApiKeyGuard` found it; `undefined` when keys are not required. */
export const CurrentApiKey = createParamDecorator((_data: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<AuthenticatedRequest>().apiKey);
