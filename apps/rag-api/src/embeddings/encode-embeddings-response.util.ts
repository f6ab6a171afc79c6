/**
 * The bytes of an embeddings response, exactly as `JSON.stringify` writes the
 * `EmbeddingsResponseDto` `{ object: 'list', data: [{ object: 'embedding', index, embedding }],
 * model, usage: { prompt_tokens, total_tokens } }` (the same keys, in the same order), from each
 * vector's JSON text already encoded (`EncodedVectorMemo`): the vectors are copied, not printed.
 */
export function encodeEmbeddingsResponse(embeddings: readonly Buffer[], model: string, tokens: number): Buffer {
  const chunks: Buffer[] = new Array<Buffer>(embeddings.length * 2 + 2);
  chunks[0] = HEAD;
  let k = 1;
  for (let i = 0; i < embeddings.length; i += 1) {
    chunks[k++] = Buffer.from(`${i === 0 ? '' : '},'}{"object":"embedding","index":${i},"embedding":`, 'latin1');
    chunks[k++] = embeddings[i];
  }
  chunks[k] = Buffer.from(`${embeddings.length === 0 ? '' : '}'}],"model":${JSON.stringify(model)},"usage":{"prompt_tokens":${tokens},"total_tokens":${tokens}}}`, 'utf8');
  return Buffer.concat(chunks);
}

const HEAD = Buffer.from('{"object":"list","data":[', 'latin1');
