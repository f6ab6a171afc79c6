import { Catch, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { InvalidProviderOutputError, ProviderError } from '@rag/embeddings';
import { InvalidJobError } from '@rag/embedding-jobs';
import { VectorStoreError } from '@rag/vector-store';
import type { Response } from 'express';

/** Error body in the OpenAI API's shape, which OpenAI SDKs parse into their error classes. */
export interface OpenAIErrorBody {
  error: {
    message: string;
    type: string;
    param: string | null;
    code: string | null;
    provider_status?: number | null;
  };
}

const TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  403: 'permission_error',
  404: 'not_found_error',
  409: 'conflict_error',
  413: 'invalid_request_error',
  429: 'rate_limit_error',
  502: 'provider_error',
  503: 'service_unavailable',
};

/** Builds an OpenAI-style error body. */
export function openAIError(status: number, message: string, param: string | null = null, code: string | null = null): OpenAIErrorBody {
  return { error: { message, type: TYPES[status] ?? (status >= 500 ? 'server_error' : 'invalid_request_error'), param, code } };
}

/** The whole message of a 502 for an invalid vector from the provider; what was wrong goes to the log only. */
const INVALID_PROVIDER_OUTPUT_MESSAGE = 'The embedding provider returned an invalid vector; nothing was cached';

/**
 * Every error leaves as an OpenAI-style JSON body, never with a stack trace: HTTP exceptions keep
 * their status and message, a provider failure becomes 502 with the provider's status and a plain
 * message (the provider's own message, which can name its hosts, logged here; nothing was cached),
 * an invalid vector from the provider 502 with a plain message (the details, which describe the
 * provider's answer, logged here), anything else 500 with a generic message (logged in full here).
 */
@Catch()
export class OpenAIErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const [status, body] = this.toBody(exception);
    res.status(status).json(body);
  }

  private toBody(exception: unknown): [number, OpenAIErrorBody] {
    if (exception instanceof InvalidProviderOutputError) {
      const body = openAIError(HttpStatus.BAD_GATEWAY, INVALID_PROVIDER_OUTPUT_MESSAGE, null, 'provider_error');
      body.error.provider_status = null;
      this.logger.warn(exception.message);
      return [HttpStatus.BAD_GATEWAY, body];
    }
    if (exception instanceof ProviderError) {
      // The provider's own message can name its hosts, databases or upstreams: logged, never returned.
      const body = openAIError(
        HttpStatus.BAD_GATEWAY,
        exception.status
          ? `The embedding provider failed with HTTP ${exception.status}; nothing was cached`
          : 'The embedding provider could not be reached or gave no answer; nothing was cached',
        null,
        'provider_error',
      );
      body.error.provider_status = exception.status ?? null;
      this.logger.warn(exception.message);
      return [HttpStatus.BAD_GATEWAY, body];
    }
    if (exception instanceof VectorStoreError) return this.vectorStoreError(exception);
    // Inline ingestion checks the document as a job would; what it refuses is the client's to fix.
    if (exception instanceof InvalidJobError) return [HttpStatus.BAD_REQUEST, openAIError(HttpStatus.BAD_REQUEST, exception.message)];
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (isHealthReport(response)) return [status, response as unknown as OpenAIErrorBody];
      const { message, param, type, code } = readHttpResponse(response, exception.message);
      const body = openAIError(status, message, param, code);
      if (type) body.error.type = type;
      return [status, body];
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return [HttpStatus.INTERNAL_SERVER_ERROR, openAIError(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error')];
  }

  /**
   * A dimension mismatch is the client's conflict with the collection (409, the message says
   * what to do); an invalid argument a 400; a failed query or locked data dir the store being
   * unavailable (503; the details, which may name the database, are logged, not returned).
   */
  private vectorStoreError(exception: VectorStoreError): [number, OpenAIErrorBody] {
    switch (exception.code) {
      case 'VECTOR_STORE_DIMENSION_MISMATCH':
        return [HttpStatus.CONFLICT, openAIError(HttpStatus.CONFLICT, exception.message, 'collection', 'dimension_mismatch')];
      case 'VECTOR_STORE_INVALID_ARGUMENT':
        return [HttpStatus.BAD_REQUEST, openAIError(HttpStatus.BAD_REQUEST, exception.message)];
      default:
        this.logger.error(`Vector store: ${exception.message}`);
        return [
          HttpStatus.SERVICE_UNAVAILABLE,
          openAIError(HttpStatus.SERVICE_UNAVAILABLE, 'the vector store is unavailable; try again later', null, 'vector_store_unavailable'),
        ];
    }
  }
}

/** Terminus' 503 body (status, info, error, details) is passed through as it is. */
function isHealthReport(response: string | object): boolean {
  return typeof response === 'object' && 'details' in response && (response as { status?: unknown }).status === 'error';
}

/** message, param, and (when an exception sets them, e.g. 404 `model_not_found`) OpenAI's type and code. */
function readHttpResponse(response: string | object, fallback: string): { message: string; param: string | null; type?: string; code: string | null } {
  if (typeof response === 'string') return { message: response, param: null, code: null };
  const { message, param, type, code } = response as { message?: unknown; param?: unknown; type?: unknown; code?: unknown };
  const text = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : fallback;
  return {
    message: text,
    param: typeof param === 'string' ? param : null,
    type: typeof type === 'string' ? type : undefined,
    code: typeof code === 'string' ? code : null,
  };
}
