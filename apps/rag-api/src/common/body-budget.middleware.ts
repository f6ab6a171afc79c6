import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { openAIError } from './openai-error.filter';

/** Methods that carry a body; rag-api's only one with routes is POST. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
/** Retry-After of a refused body, in seconds: a 10 MB body is parsed and served within about that. */
const RETRY_AFTER_S = 1;
/**
 * A refused body up to this size is read and discarded, so that its keep-alive connection stays
 * usable; a larger one is not read at all and its connection is closed after the answer.
 */
export const BODY_BUDGET_DRAIN_MAX_BYTES = 1_048_576;
/** How long a refused connection whose body is not read stays open after the answer, for the client to read it. */
export const BODY_BUDGET_LINGER_MS = 5_000;
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
 * seconds (issue #14). The provider limiter refuses too late for that. A refused body of more than
 * `BODY_BUDGET_DRAIN_MAX_BYTES` is not even read (`answerUnread`): while 31 refused bodies of
 * 10 MB were received and discarded, new connections (/health/live among them) waited 0.3-0.8 s.
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
    const size = this.sizeOf(req);
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
    if (this.sizeOf(req) > BODY_BUDGET_DRAIN_MAX_BYTES) {
      answerUnread(req, res, () => res.setHeader('Retry-After', String(RETRY_AFTER_S)).status(503).json(body));
      return;
    }
    // A small body is discarded as it arrives, never buffered; answering only once it has all
    // arrived, since a client still sending it would see its connection reset (EPIPE).
    req.once('end', () => res.setHeader('Retry-After', String(RETRY_AFTER_S)).status(503).json(body));
    req.resume();
  };

  /** The bytes `req`'s body counts for: its `Content-Length`, or the body limit for a chunked one. */
  private sizeOf(req: IncomingMessage): number {
    const declared = Number(req.headers['content-length']);
    return Number.isFinite(declared) && declared >= 0 ? Math.min(declared, this.bodyLimitBytes) : this.bodyLimitBytes;
  }
}

/** The Express middleware of a `BodyBudget` of its own (see there). */
export function bodyBudgetMiddleware(maxBytes: number, bodyLimitBytes: number) {
  return new BodyBudget(maxBytes, bodyLimitBytes).middleware;
}

/** The libuv stream handle of a socket (`Socket#_handle`, not in Node's types). */
interface StreamHandle {
  reading?: boolean;
  readStop(): number;
  readStart(): number;
}

/**
 * Sends `answer` without reading the request's body, then closes the connection gracefully:
 * RFC 9112, section 9.6 ("lingering close"), without the lingering reads.
 *
 * Node would read the rest of the body after the answer (`IncomingMessage#_dump`) and, the answer
 * saying `Connection: close`, destroy the socket as soon as it is written (`Socket#destroySoon`):
 * a close with unread bytes resets the connection (RST), and a client still sending could see
 * ECONNRESET/EPIPE before it read the 503. Instead the socket's handle stops reading for good (the
 * client's sending stalls on TCP flow control), the answer is followed by a FIN, and the socket is
 * destroyed after `BODY_BUDGET_LINGER_MS`, time for the client to read the answer. Node's HTTP
 * server has no option for this and resumes reading by itself (after the answer's output drains,
 * and in `_dump`), hence the two hooks on this socket's instances: `readStart` of its handle does
 * nothing, and the `destroy` that `destroySoon` scheduled is removed. The body-budget spec checks
 * both on a real server.
 */
function answerUnread(req: Request, res: Response, answer: () => void): void {
  const socket = req.socket;
  const handle = (socket as Socket & { _handle?: StreamHandle | null })._handle;
  if (handle) {
    handle.readStop();
    handle.reading = false;
    handle.readStart = () => 0;
  }
  res.setHeader('Connection', 'close');
  res.once('finish', () => lingerThenClose(socket));
  answer();
}

/** Runs right after Node's own 'finish' handler of the response, which called `socket.destroySoon()`. */
function lingerThenClose(socket: Socket): void {
  // destroySoon ended the writable side (a FIN after the answer) and waits for its 'finish' to destroy: not yet.
  socket.removeListener('finish', socket.destroy);
  const timer = setTimeout(() => socket.destroy(), BODY_BUDGET_LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}
