import type { NextFunction, Request, Response } from 'express';
import { InvalidRequestInputError } from './input/errors/invalid-request-input.error';
import { openAIError } from './openai-error.filter';

/** Largest accepted request body. */
export const BODY_LIMIT = '10mb';

/** `BODY_LIMIT` in bytes (the body parser reads "mb" as MiB). */
export const BODY_LIMIT_BYTES = 10 * 1_048_576;

interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
}

/**
 * Express error middleware placed right after the body parser: malformed JSON → 400, a body
 * over 10 MB → 413, and a body refused by `verifyJsonBody` → its status with the field at fault,
 * as OpenAI-style JSON instead of Express's HTML page with a stack trace.
 */
export function bodyErrorsMiddleware(err: BodyParserError, _req: Request, res: Response, next: NextFunction): void {
  if (err instanceof InvalidRequestInputError) {
    res.status(err.status).json(openAIError(err.status, err.message, err.param));
    return;
  }
  if (err?.type === 'entity.too.large') {
    res.status(413).json(openAIError(413, `request body is larger than ${BODY_LIMIT.toUpperCase().replace('MB', ' MB')}`, 'body'));
    return;
  }
  if (err?.type === 'entity.parse.failed') {
    res.status(400).json(openAIError(400, `request body is not valid JSON: ${err.message ?? 'parse error'}`, 'body'));
    return;
  }
  if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
    res.status(err.status).json(openAIError(err.status, err.message ?? 'bad request', 'body'));
    return;
  }
  next(err);
}
