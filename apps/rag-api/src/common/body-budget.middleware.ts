import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { openAIError } from './openai-error.filter';

/** Methods that carry a body; rag-api's only one with routes is POST. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
/** Retry-After of a refused body, in seconds: a 10 MB body is parsed and served within about that. */
const RETRY_AFTER_S = 1;
/** Marks a request whose bytes are already counted (by the fast path, before it handed the request on). */
const COUNTED = Symbol('bodyBudget.counted');

type CountedRequest = IncomingMessage & { [COUNTED]?: true };

/**
 * The bodies being read, parsed and served at once hold at most `maxBytes` bytes
 * (`HTTP_MAX_INFLIGHT_BODY_BYTES`), by their `Content-Length` (a chunked body counts as
 * `bodyLimitBytes`, the most it may hold). A request beyond it is refused before its body is
 * read, unless nothing else is in flight (so one body of any accepted size always passes).
 * One budget per app, shared by its Express middleware (`middleware`) and the embeddings fast
 * path (`take`); a request is counted once whichever takes it first.
 *
 * Why: 32 requests of 10 MB were each buffered, parsed (~300 ms of event loop apiece) and
 * validated before anything could refuse them: 1.3 GB of RSS and a /health/live blocked for
 * seconds (issue #14). The provider limiter refuses too late for that.
 */
export class BodyBudget {
  private inFlight = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly bodyLimitBytes: number,
  ) {}

  /**
   * Counts `req`'s body until `res` closes and returns true, or returns false (nothing counted)
   * when it does not fit. True at once for a request without a body or already counted.
   */
  take(req: IncomingMessage, res: ServerResponse): boolean {
    const counted = req as CountedRequest;
    if (counted[COUNTED]) return true;
    const declared = Number(req.headers['content-length']);
    const size = Number.isFinite(declared) && declared >= 0 ? Math.min(declared, this.bodyLimitBytes) : this.bodyLimitBytes;
    if (size === 0) return true;
    if (this.inFlight > 0 && this.inFlight + size > this.maxBytes) return false;
    this.inFlight += size;
    counted[COUNTED] = true;
    // 'close' fires once per response, after it finished or when the client went away.
    res.once('close', () => (this.inFlight -= size));
    return true;
  }

  /** Express middleware placed before the body parser: a body beyond the budget gets 503 with `Retry-After`. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (!BODY_METHODS.has(req.method) || this.take(req, res)) return next();
    const body = openAIError(503, `the server is reading ${Math.ceil(this.inFlight / 1_048_576)} MB of request bodies, its bound (HTTP_MAX_INFLIGHT_BODY_BYTES); retry later`, null, 'server_busy');
    // The body is discarded as it arrives, never buffered; answering only once it has all
    // arrived, since a client still sending it would see its connection reset (EPIPE).
    req.once('end', () => res.setHeader('Retry-After', String(RETRY_AFTER_S)).status(503).json(body));
    req.resume();
  };
}

/** The Express middleware of a `BodyBudget` of its own (see there). */
export function bodyBudgetMiddleware(maxBytes: number, bodyLimitBytes: number) {
  return new BodyBudget(maxBytes, bodyLimitBytes).middleware;
}
