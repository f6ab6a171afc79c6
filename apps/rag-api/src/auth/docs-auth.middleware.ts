import type { NextFunction, Request, Response } from 'express';
import { openAIError } from '../common/openai-error.filter';
import type { ApiKeysService } from './api-keys.service';
import { presentedKey } from './presented-key.util';

/**
 * `/docs` (the OpenAPI UI and `/docs/openapi.json`) is served by Swagger's Express routes, which
 * Nest guards do not see: with keys in use, this asks for a valid key of any permission there too.
 */
export function docsAuthMiddleware(keys: ApiKeysService): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    if (!keys.enabled) return next();
    const presented = presentedKey(req.headers);
    if (presented !== undefined && keys.authenticate(presented) !== undefined) return next();
    res.status(401).json(openAIError(401, presented === undefined ? 'No API key provided: send it as "Authorization: Bearer <key>"' : 'Incorrect API key provided', null, 'invalid_api_key'));
  };
}
