import type { IncomingMessage, ServerResponse } from 'node:http';
import { OPENAI_MAX_INPUTS_PER_REQUEST } from '../lib/providers/openai/openai-embedding.constants';
import type { FakeOpenAIRequest } from './fake-openai-request.interface';

/**
 * The wire side of `FakeOpenAIServer`: how it reads a `POST /v1/embeddings` request, which bodies
 * OpenAI refuses (and with which messages), and how it writes answers and errors. The server
 * keeps the state (requests, counters, injected failures); these functions keep none.
 */

/** A request as the fake records it, with its parsed JSON body (`undefined` when it was not JSON). */
export type ParsedEmbeddingRequest = FakeOpenAIRequest & { readonly body: unknown };

/** A valid embeddings request's fields, typed. */
export interface ValidEmbeddingRequest {
  model: string;
  input: string[];
  format: 'float' | 'base64';
  dimensions: number | undefined;
}

/** An answer other than 200, with OpenAI's error `type`. */
export class FakeOpenAIHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type = 'invalid_request_error',
  ) {
    super(message);
  }
}

/** Reads `raw` as OpenAI would: `input` a string or an array (anything else counts as `[]`); status 0 until answered. */
export function parseEmbeddingRequest(raw: string, authorization: string | undefined): ParsedEmbeddingRequest {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    body = undefined;
  }
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const input = typeof fields['input'] === 'string' ? [fields['input']] : Array.isArray(fields['input']) ? fields['input'] : [];
  return {
    model: fields['model'],
    input,
    encodingFormat: fields['encoding_format'],
    dimensions: fields['dimensions'],
    authorization,
    status: 0,
    body,
  };
}

/** The request's fields when OpenAI would accept them; a `FakeOpenAIHttpError` 400 with OpenAI's message otherwise. */
export function validateEmbeddingRequest(request: ParsedEmbeddingRequest): ValidEmbeddingRequest {
  if (request.body === undefined) throw new FakeOpenAIHttpError(400, 'We could not parse the JSON body of your request.');
  const { model, input, encodingFormat, dimensions } = request;
  if (typeof model !== 'string' || model.length === 0) throw new FakeOpenAIHttpError(400, 'you must provide a model parameter');
  if (input.length === 0 || input.some((text) => typeof text !== 'string' || text.length === 0)) {
    throw new FakeOpenAIHttpError(400, "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.");
  }
  if (input.length > OPENAI_MAX_INPUTS_PER_REQUEST) {
    throw new FakeOpenAIHttpError(400, `'$.input' is invalid: at most ${OPENAI_MAX_INPUTS_PER_REQUEST} inputs per request.`);
  }
  if (encodingFormat !== undefined && encodingFormat !== 'float' && encodingFormat !== 'base64') {
    throw new FakeOpenAIHttpError(400, `Invalid value for 'encoding_format': ${JSON.stringify(encodingFormat)}.`);
  }
  if (dimensions !== undefined && (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1)) {
    throw new FakeOpenAIHttpError(400, `Invalid value for 'dimensions': ${JSON.stringify(dimensions)}.`);
  }
  return {
    model,
    input: input as string[],
    format: (encodingFormat as 'float' | 'base64' | undefined) ?? 'float',
    dimensions: dimensions as number | undefined,
  };
}

/** A vector as OpenAI's `encoding_format: base64` sends it: little-endian float32, base64. */
export function toBase64(vector: Float32Array): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
  return bytes.toString('base64');
}

/** OpenAI's error body. */
export function errorBody(message: string, type: string): unknown {
  return { error: { message, type, param: null, code: null } };
}

/** Writes a JSON answer; returns `status`. */
export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): number {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
  return status;
}

/** The whole request body as UTF-8. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
