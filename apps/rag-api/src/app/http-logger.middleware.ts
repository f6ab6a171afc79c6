import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { HttpLogger, Options } from 'pino-http';

/** A request's logger, with the request bound; built by pino-http. */
type RequestLogger = Logger;

/** The fields pino-http sets on a request and its response. */
interface LoggedMessage {
  id?: unknown;
  log?: RequestLogger;
  allLogs?: RequestLogger[];
}

const HTTP_LOGGERS = new WeakMap<object, HttpLogger>();

/**
 * The request-logging middleware: pino-http (a request id on every request, taken from
 * `X-Request-Id` or generated, echoed in the response; the request bound to every line logged
 * while it runs; one `request completed` line per request), except that below `info` the
 * request's logger is made on first use instead of on every request. pino-http serialises and
 * redacts the request into a child logger up front, ~8 % of the CPU of a cached embeddings
 * request; at `warn` it logs nothing per request itself (its lines are `info`), so the child is
 * only needed when something in the request logs a warning, and that line still carries the
 * request and its id. One middleware per `options` object (the app's config): nestjs-pino is
 * given its logger (`useExisting`) so that lines logged through Nest's logger go to the same one.
 */
export function httpLogger(key: object, options: () => Options): HttpLogger {
  let middleware = HTTP_LOGGERS.get(key);
  if (middleware) return middleware;
  const full = pinoHttp(options());
  const genReqId = options().genReqId;
  const lazy = (req: IncomingMessage & LoggedMessage, res: ServerResponse & LoggedMessage, next: () => void): void => {
    if (full.logger.isLevelEnabled('info') || genReqId === undefined) {
      full(req, res, next);
      return;
    }
    req.id = req.id ?? genReqId(req, res);
    const log = lazyLogger(() => full.logger.child({ req }));
    req.log = log;
    res.log = log;
    req.allLogs = [log];
    res.allLogs = [log];
    next();
  };
  middleware = Object.assign(lazy, { logger: full.logger }) as unknown as HttpLogger;
  HTTP_LOGGERS.set(key, middleware);
  return middleware;
}

/** A logger that is `make()`'s, made on the first use of any of its properties. */
function lazyLogger(make: () => RequestLogger): RequestLogger {
  let real: RequestLogger | undefined;
  return new Proxy({} as RequestLogger, {
    get(_target, property) {
      real ??= make();
      const value: unknown = Reflect.get(real, property, real);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(real) : value;
    },
    set(_target, property, value) {
      real ??= make();
      return Reflect.set(real, property, value, real);
    },
    has(_target, property) {
      real ??= make();
      return property in real;
    },
  });
}
