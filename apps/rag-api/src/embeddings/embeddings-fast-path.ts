import { isUtf8 } from 'node:buffer';
import { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { REQUIRED_PERMISSION } from '../auth/auth.constants';
import type { ApiPermission } from '../auth/auth.constants';
import type { ApiKeysService } from '../auth/api-keys.service';
import type { RequiredPermission } from '../auth/interfaces/required-permission.interface';
import { presentedKey } from '../auth/presented-key.util';
import type { BodyBudget } from '../common/body-budget.middleware';
import { BODY_LIMIT_BYTES } from '../common/body-errors.middleware';
import { CACHE_HEADER, cacheHeader } from '../common/cache-header.util';
import { JSON_BODY_RULES } from '../common/input/input-limits.constants';
import { scanJsonBody } from '../common/input/scan-json-body.util';
import { isJson } from '../common/json-content-type.middleware';
import type { HttpMetrics } from '../metrics/http-metrics';
import { EmbeddingsController } from './embeddings.controller';
import type { EmbeddingsResult, EmbeddingsService, MemoryAnswer } from './embeddings.service';
import { RecentRequests } from './recent-requests';
import { acceptCreateEmbeddings } from './validation/accept-create-embeddings.util';
import type { EmbeddingInputConstraint } from './validation/embedding-input.constraint';

/** A Node request listener: the Express app, or the fast path in front of it. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** A connect-style middleware (the app's JSON body parser and request logger). */
export type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** The one route the fast path answers, and its label in the HTTP metrics (Express's `req.route.path`). */
export const EMBEDDINGS_ROUTE = '/v1/embeddings';

/** The route label of a request answered here (one function for all). */
const embeddingsRoute = (): string => EMBEDDINGS_ROUTE;

/** `Content-Type`s (lower-cased) whose bodies the bare reader reads: JSON, UTF-8 by default or by name. */
const PLAIN_JSON_TYPES = new Set(['application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8']);
const OPEN_OBJECT = 0x7b;

/** A body the fast path's parser refused, for the Express chain to answer as its own parser would. */
const BODY_ERROR = Symbol('embeddingsFastPath.bodyError');
type HandedOnRequest = IncomingMessage & { body?: unknown; [BODY_ERROR]?: unknown };

/** What the fast path uses of the app: the same objects the Express chain and Nest use. */
export interface EmbeddingsFastPathParts {
  embeddings: EmbeddingsService;
  keys: ApiKeysService;
  input: EmbeddingInputConstraint;
  metrics: HttpMetrics;
  budget: BodyBudget;
  /** The app's JSON body parser (the very middleware of the Express chain). */
  parseJson: NodeMiddleware;
  /** The app's request-logging middleware (request id, its echo, the request's logger and line). */
  logRequest: NodeMiddleware;
}

/**
 * A request listener in front of the Express app for the hot route of issue #18: a
 * `POST /v1/embeddings` whose every text's vector is in the cache's L1 and whose JSON is in the
 * `EncodedVectorMemo` is answered here, without Express and Nest (~150 µs of CPU per request of
 * their own, three times the whole of a bare node:http server's answer: docs/benchmarks.md).
 * It answers only what the full stack would answer 200 from memory, with the same bytes and
 * headers, the same request-logging middleware and the same metrics; everything else goes to the
 * Express app untouched:
 * - before a byte is read: other methods and paths, a query string, no `Content-Length` or one
 *   over the body limit, a non-JSON type, a `Content-Encoding`, `Expect`, a body the in-flight
 *   budget refuses (the Express chain then answers 503), and with keys, a request without a valid
 *   key with the route's permission, or a key with a rate limit (its token is taken by Nest's guard);
 * - after the body was read (by the bare reader when the type is `application/json` with no
 *   charset or UTF-8, else by the app's own JSON parser; the reader replays any body it does not
 *   take plainly through that parser): a body the parser refused (its error is handed on and
 *   answered by the chain's `bodyErrorsMiddleware`, `handOnBodyErrors`), one that is not plainly
 *   valid (`acceptCreateEmbeddings`), a model or dimensions not served, and any text not wholly in
 *   memory (`EmbeddingsService.fromMemory`): the parsed body is handed on, and Express's parser
 *   skips a request already read.
 * A body of the very bytes of one of the last few it answered from memory (`RecentRequests`) is
 * answered with that answer, unparsed, once the cache confirms that its vectors are still the
 * ones the L1 holds (`EmbeddingsService.stillFromMemory`): the same bytes are the same request.
 * Hand-written because no framework skips itself for one route; the checks it repeats are the
 * app's own functions.
 */
export class EmbeddingsFastPath {
  /** The permission of `@RequiresPermission` on the controller, read from it. */
  private readonly permission: ApiPermission | undefined;
  /** The last bodies read by the bare reader and answered from memory, with their answers. */
  private readonly recent = new RecentRequests<MemoryAnswer>();

  constructor(
    private readonly parts: EmbeddingsFastPathParts,
    private readonly app: RequestListener,
  ) {
    const required = Reflect.getMetadata(REQUIRED_PERMISSION, EmbeddingsController) as RequiredPermission | undefined;
    this.permission = required?.permission;
  }

  /** Puts the fast path in front of the server's one request listener (the Express app). */
  static install(server: Server, parts: EmbeddingsFastPathParts): EmbeddingsFastPath {
    const listeners = server.listeners('request');
    if (listeners.length !== 1) throw new Error(`the HTTP server has ${listeners.length} request listeners; the fast path goes in front of exactly one`);
    const fastPath = new EmbeddingsFastPath(parts, listeners[0] as RequestListener);
    server.removeAllListeners('request');
    server.on('request', fastPath.listener);
    return fastPath;
  }

  readonly listener = (req: IncomingMessage, res: ServerResponse): void => {
    if (!this.mayServe(req) || !this.parts.budget.take(req, res)) {
      this.app(req, res);
      return;
    }
    this.parts.metrics.received(req);
    if (PLAIN_JSON_TYPES.has((req.headers['content-type'] as string).toLowerCase())) {
      this.readBody(req, res);
      return;
    }
    this.parts.parseJson(req, res, (error) => this.parsed(req, res, error));
  };

  /**
   * After `req`'s body was parsed (or refused) by the app's JSON parser or the bare reader (which
   * passes the body's `bytes`): serve, or hand on with the body or the parser's error.
   */
  private parsed(req: IncomingMessage, res: ServerResponse, error: unknown, bytes?: Buffer): void {
    if (error !== undefined) (req as HandedOnRequest)[BODY_ERROR] = error;
    else if (this.serve(req, res, bytes)) return;
    this.app(req, res);
  }

  /**
   * The bare reader (issue #18): the body's chunks into one Buffer, then the checks of the app's
   * parser for a body it accepts (UTF-8, `verifyJsonBody`'s scan, an object, `JSON.parse`), without
   * body-parser's machinery (~10-15 µs of a ~100 µs request). A body that fails any of them, or
   * that is not plainly an object (a BOM, leading whitespace), is replayed through the app's own
   * parser (`replay`), so that every refusal, message and accepted oddity is that parser's.
   * A request aborted before its body arrived is left alone: the parser would refuse it with an
   * answer that cannot be sent, which nothing counts or logs either.
   */
  private readBody(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
    });
    req.on('end', () => {
      const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length);
      // A body answered from memory just before: the same bytes are the same request.
      const repeated = this.recent.find(bytes);
      if (repeated !== undefined && this.parts.embeddings.stillFromMemory(repeated)) {
        this.answer(req, res, repeated);
        return;
      }
      const body = plainJsonObject(bytes);
      if (body === undefined) {
        this.replay(req, res, bytes);
        return;
      }
      (req as HandedOnRequest).body = body;
      this.parsed(req, res, undefined, bytes);
    });
  }

  /**
   * Runs the app's JSON parser on `bytes` (the body of `req`, already read) as on the request itself:
   * a stream of those bytes with the request's headers. The Express chain then skips its parser for
   * `req` (already read) and gets the body or the parser's error (`handOnBodyErrors`).
   */
  private replay(req: IncomingMessage, res: ServerResponse, bytes: Buffer): void {
    // `complete` and a readable `socket` are what `on-finished` reads to tell that a request is still to be read.
    const socket = Object.assign(new EventEmitter(), { readable: true });
    const stream = Object.assign(new Readable({ read: () => undefined }), { headers: req.headers, complete: false, socket, body: undefined as unknown });
    this.parts.parseJson(stream as unknown as IncomingMessage, res, (error) => {
      if (error === undefined) (req as HandedOnRequest).body = stream.body;
      this.parsed(req, res, error);
    });
    stream.push(bytes);
    stream.push(null);
  }

  /** Whether the request may be one to answer here, from its head alone. */
  private mayServe(req: IncomingMessage): boolean {
    if (req.method !== 'POST' || req.url !== EMBEDDINGS_ROUTE) return false;
    const headers = req.headers;
    const type = headers['content-type'];
    const length = headers['content-length'];
    if (type === undefined || !isJson(type) || length === undefined || !/^[1-9]\d{0,8}$/.test(length) || Number(length) > BODY_LIMIT_BYTES) return false;
    if (headers['transfer-encoding'] !== undefined || headers['content-encoding'] !== undefined || headers.expect !== undefined) return false;
    return this.authorised(headers);
  }

  /** No keys required, or a valid key with the route's permission and no rate limit (`ApiKeyGuard`, `RateLimitGuard`). */
  private authorised(headers: IncomingHttpHeaders): boolean {
    const { keys } = this.parts;
    if (!keys.enabled) return true;
    const presented = presentedKey(headers);
    const key = presented === undefined ? undefined : keys.authenticate(presented);
    if (key === undefined || key.requestsPerMinute !== undefined) return false;
    return this.permission === undefined || key.permissions.has(this.permission);
  }

  /**
   * Answers from memory as `EmbeddingsController.create` would, or returns false having written
   * nothing. An answer to a body of `bytes` (read by the bare reader) is kept for that body (`recent`).
   */
  private serve(req: IncomingMessage, res: ServerResponse, bytes?: Buffer): boolean {
    const { embeddings, input } = this.parts;
    const dto = acceptCreateEmbeddings((req as HandedOnRequest).body, input);
    const result = dto === null ? undefined : embeddings.fromMemory(dto);
    if (result === undefined) return false;
    if (bytes !== undefined) this.recent.remember(bytes, result);
    this.answer(req, res, result);
    return true;
  }

  /** Writes `result` as the answer to `req`, counted and logged as the full stack would. */
  private answer(req: IncomingMessage, res: ServerResponse, result: EmbeddingsResult): void {
    const { metrics, logRequest } = this.parts;
    metrics.track(req, res, embeddingsRoute);
    // What Express has set on the request by the time the logger serialises it (`req.params` of
    // the route, `req.query` of an empty query string), so that the request's log line is the same.
    const routed = req as IncomingMessage & { params?: object; query?: object };
    routed.params = {};
    routed.query = {};
    logRequest(req, res, () => undefined);
    res.statusCode = 200;
    res.setHeader(CACHE_HEADER, cacheHeader(result.hits, result.misses));
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', result.body.length);
    res.end(result.body);
  }
}

/**
 * Express middleware right after the JSON body parser: a body the fast path's run of that same
 * parser refused goes on as the parser's error, to `bodyErrorsMiddleware`.
 */
export function handOnBodyErrors(req: IncomingMessage, _res: ServerResponse, next: (error?: unknown) => void): void {
  const error = (req as HandedOnRequest)[BODY_ERROR];
  if (error === undefined) {
    next();
    return;
  }
  (req as HandedOnRequest)[BODY_ERROR] = undefined;
  next(error);
}

/**
 * The body as the app's JSON parser would parse it when that is plainly an object: valid UTF-8,
 * nothing for `verifyJsonBody`'s scan, `{` as its first byte (body-parser's strict mode allows
 * `{`/`[` after whitespace; such bodies, and a BOM, which its decoder strips, go to the parser)
 * and valid JSON. `undefined` for anything else: the caller then lets the parser answer.
 */
function plainJsonObject(bytes: Buffer): unknown {
  if (bytes[0] !== OPEN_OBJECT || !isUtf8(bytes) || scanJsonBody(bytes, JSON_BODY_RULES) !== null) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
