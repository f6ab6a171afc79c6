import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { traceLogFields } from '@rag/tracing';
import type { Options } from 'pino-http';
import type { RagApiConfig } from '../config/rag-api.config';
import { httpLogger } from './http-logger.middleware';

/** Header carrying the request id, taken from the caller when given, else generated. */
export const REQUEST_ID_HEADER = 'x-request-id';

const QUIET_ROUTES = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * Request headers that carry credentials: OpenAI-style bearer keys, Azure OpenAI's `api-key`,
 * proxies' and gateways' keys, sessions. Always redacted in logs.
 */
export const CREDENTIAL_HEADERS: readonly string[] = ['authorization', 'proxy-authorization', 'api-key', 'x-api-key', 'cookie', 'set-cookie'];

/**
 * nestjs-pino's parameters: the logger of the app's request-logging middleware (`httpLoggerFor`,
 * installed by configureApp), so that Nest's log lines and request lines share one logger.
 */
export function loggerOptions(config: RagApiConfig): Params {
  return { pinoHttp: { logger: httpLoggerFor(config).logger }, useExisting: true };
}

/** The request-logging middleware of the app configured by `config` (one per config object). */
export function httpLoggerFor(config: RagApiConfig): ReturnType<typeof httpLogger> {
  return httpLogger(config, () => httpLoggerOptions(config));
}

/**
 * Structured JSON logs with a request id on every line of a request. Credentials never reach
 * the logs: the `CREDENTIAL_HEADERS` and those named in `LOG_REDACT_HEADERS` are redacted.
 */
export function httpLoggerOptions(config: RagApiConfig): Options {
  return {
    level: config.logLevel,
    // The active span's trace_id and span_id on every line written inside a traced request or job.
    mixin: traceLogFields,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers[REQUEST_ID_HEADER];
      const id = typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    // Bracket paths: header names may hold characters (`-`, `.`) that dotted paths cannot.
    redact: [...new Set([...CREDENTIAL_HEADERS, ...config.redactHeaders])].flatMap((name) => [
      `req.headers[${JSON.stringify(name)}]`,
      `res.headers[${JSON.stringify(name)}]`,
    ]),
    autoLogging: { ignore: (req: IncomingMessage) => QUIET_ROUTES.has(req.url ?? '') },
  };
}
