import { APIError } from 'openai';
import { ProviderError } from '../../errors/provider.error';
import { isRecord } from '../../utils/is-record.util';
import { redactSecret } from '../../utils/redact-secret.util';

/** Depth of `cause` chains quoted for connection errors: `fetch failed` → `connect ECONNREFUSED …`. */
const MAX_CAUSE_DEPTH = 3;

/**
 * Wraps an error thrown by the `openai` SDK in a `ProviderError` carrying the HTTP status and the
 * provider's own message, with `apiKey` redacted wherever a gateway echoed it. The SDK error is kept
 * as `cause`.
 */
export function toProviderError(error: unknown, model: string, apiKey: string): ProviderError {
  if (error instanceof ProviderError) return error;
  const status = error instanceof APIError ? error.status : undefined;
  const message = error instanceof APIError ? describeApiError(error) : describeCauses(error);
  return new ProviderError(model, status, redactSecret(message, apiKey) || 'unknown error', error);
}

function describeApiError(error: APIError): string {
  const body: unknown = error.error;
  // Ollama and TEI answer `{"error": "<text>"}`; OpenAI and vLLM answer `{"error": {"message": …}}`.
  if (typeof body === 'string') return body;
  if (isRecord(body) && typeof body['message'] === 'string') return body['message'];
  if (error.status === undefined) return describeCauses(error);
  return error.message.replace(new RegExp(`^${error.status} `), '');
}

function describeCauses(error: unknown): string {
  const messages: string[] = [];
  let current: unknown = error;
  // Duck-typed, not `instanceof Error`: undici's errors come from another realm under Jest and some runtimes.
  for (let depth = 0; depth <= MAX_CAUSE_DEPTH && isRecord(current); depth++) {
    const message = current['message'];
    if (typeof message === 'string' && message && !messages.includes(message)) messages.push(message);
    current = current['cause'];
  }
  return messages.length > 0 ? messages.join(': ') : String(error);
}
