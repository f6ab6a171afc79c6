import { encodeEmbeddingsResponse } from './encode-embeddings-response.util';

/** One response kept: what it was made of, and its bytes. */
interface RecentResponse {
  parts: readonly Buffer[];
  model: string;
  tokens: number;
  body: Buffer;
}

/**
 * The last few response bodies answered from memory (`EmbeddingsService.fromMemory`), reused when a
 * request's vectors' wire forms are the very same `EncodedVectorMemo` buffers (compared by
 * identity), with the same model and token count: `encodeEmbeddingsResponse` is a pure function of
 * those, and the memo's buffers are never written to, so the bytes are the same. Saves the copy of
 * the response (~30 KB at 16 × 384 floats) and its allocation per repeated request (issue #18).
 * Bounded: `maxEntries` bodies of at most `maxBodyBytes` each (a larger one is made every time),
 * replaced oldest first; the parts it holds keep their buffers alive, at most as many bytes again.
 */
export class RecentResponses {
  private readonly entries: RecentResponse[] = [];

  constructor(
    private readonly maxEntries = 4,
    private readonly maxBodyBytes = 1_048_576,
  ) {}

  /** `encodeEmbeddingsResponse(parts, model, tokens)`, the kept Buffer when one was made of the same buffers. */
  body(parts: readonly Buffer[], model: string, tokens: number): Buffer {
    for (const entry of this.entries) {
      if (entry.tokens === tokens && entry.model === model && sameBuffers(entry.parts, parts)) return entry.body;
    }
    const body = encodeEmbeddingsResponse(parts, model, tokens);
    if (body.length <= this.maxBodyBytes && this.maxEntries > 0) {
      if (this.entries.length >= this.maxEntries) this.entries.pop();
      this.entries.unshift({ parts: [...parts], model, tokens, body });
    }
    return body;
  }
}

function sameBuffers(a: readonly Buffer[], b: readonly Buffer[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}
