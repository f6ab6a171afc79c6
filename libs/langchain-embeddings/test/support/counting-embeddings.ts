import { Embeddings } from '@langchain/core/embeddings';

/** A deterministic pseudo-random vector for a text (values like real embeddings, |x| < 0.2). */
export function vectorFor(text: string, dims = 8): number[] {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return Array.from({ length: dims }, (_, i) => {
    h = Math.imul(h ^ (i + 1), 2654435761) >>> 0;
    return (h / 2 ** 32 - 0.5) * 0.4;
  });
}

/** The float32 rounding of `vectorFor`: what the cache stores and returns. */
export function float32VectorFor(text: string, dims = 8): number[] {
  return Array.from(Float32Array.from(vectorFor(text, dims)));
}

/**
 * A LangChain `Embeddings` that records every call, so a test sees exactly which texts reached
 * the provider. `delayMs` holds each call open (a slow provider); `onCall` runs as a call starts.
 */
export class CountingEmbeddings extends Embeddings {
  readonly documentCalls: string[][] = [];
  readonly queryCalls: string[] = [];

  constructor(
    private readonly delayMs = 0,
    private readonly onCall: (texts: string[]) => void = () => undefined,
  ) {
    super({});
  }

  /** Texts that reached `embedDocuments` over all calls. */
  documentTexts(): string[] {
    return this.documentCalls.flat();
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.documentCalls.push([...texts]);
    this.onCall(texts);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return texts.map((text) => vectorFor(text));
  }

  async embedQuery(text: string): Promise<number[]> {
    this.queryCalls.push(text);
    this.onCall([text]);
    return vectorFor(text);
  }
}
