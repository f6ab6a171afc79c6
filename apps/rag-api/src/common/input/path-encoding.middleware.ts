import type { NextFunction, Request, Response } from 'express';

/** `res.locals` key of the raw path segments `pathEncodingMiddleware` found undecodable. */
export const MALFORMED_PATH_SEGMENTS = 'malformedPathSegments';

/**
 * Express middleware placed before routing. A path segment that is not valid percent-encoded
 * UTF-8 (`%FF`, or `%ED%A0%80`, the only way to put a lone surrogate in a URL) makes Express's
 * router fail before it knows which route parameter it was, and the 400 could name no field. Such
 * a segment is re-encoded so that it decodes to its own raw text, and recorded in
 * `res.locals[MALFORMED_PATH_SEGMENTS]`; `RequestInputGuard` then refuses the parameter that holds
 * it, by name. A segment in a fixed part of a path simply matches no route (404).
 */
export function pathEncodingMiddleware(req: Request, res: Response, next: NextFunction): void {
  const { url } = req;
  const queryAt = url.indexOf('?');
  const end = queryAt === -1 ? url.length : queryAt;
  const percent = url.indexOf('%');
  if (percent === -1 || percent >= end) return next();
  let malformed: Set<string> | undefined;
  const segments = url.slice(0, end).split('/');
  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i];
    if (!segment.includes('%') || decodes(segment)) continue;
    (malformed ??= new Set()).add(segment);
    segments[i] = encodeURIComponent(segment);
  }
  if (malformed) {
    req.url = segments.join('/') + url.slice(end);
    res.locals[MALFORMED_PATH_SEGMENTS] = malformed;
  }
  next();
}

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}
