import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { RagApiConfig } from '../config/rag-api.config';

/** Header carrying the request id, taken from the caller when given, else generated. */
export const REQUEST_ID_HEADER = 'x-request-id';

const QUIET_ROUTES = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * Structured JSON logs with a request id on every line of a request. Credentials never reach
 * the logs: authorization and cookie headers are redacted.
 */
export function loggerOptions(config: RagApiConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const given = req.headers[REQUEST_ID_HEADER];
        const id = typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
        res.setHeader(REQUEST_ID_HEADER, id);
        return id;
      },
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'],
      autoLogging: { ignore: (req: IncomingMessage) => QUIET_ROUTES.has(req.url ?? '') },
    },
  };
}
