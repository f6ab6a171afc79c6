import type { NextFunction, Request, Response } from 'express';
import { openAIError } from './openai-error.filter';

/** The one request body type every POST route reads. */
export const JSON_CONTENT_TYPE = 'application/json';

/** Methods that carry a body; rag-api's only one with routes is POST. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Express middleware placed before the body parser: a POST whose body is not declared
 * `application/json` (a form from `curl -d`, `text/plain`, a body without a content type) gets
 * 415 naming the expected and the given type, instead of a 400 about a missing field that was in
 * fact sent. A POST with neither a body nor a content type passes, so that validation names the
 * missing field.
 */
export function jsonContentTypeMiddleware(req: Request, res: Response, next: NextFunction): void {
  if (!BODY_METHODS.has(req.method)) return next();
  const given = req.headers['content-type'];
  if (given === undefined ? !hasBody(req) : isJson(given)) return next();
  const got = given === undefined ? 'no Content-Type' : JSON.stringify(given);
  res.status(415).json(openAIError(415, `request body must be ${JSON_CONTENT_TYPE} (got ${got})`, 'body'));
}

/** The body parser's own test: the media type without parameters, case-insensitive. */
export function isJson(contentType: string): boolean {
  return contentType.split(';')[0].trim().toLowerCase() === JSON_CONTENT_TYPE;
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
}
