import type { Request } from 'express';
import type { ApiKey } from './api-key.interface';

/** A request that went through `ApiKeyGuard`: `apiKey` is its key (undefined when keys are not required). */
export interface AuthenticatedRequest extends Request {
  apiKey?: ApiKey;
}
