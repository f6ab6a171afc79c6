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
    chunks[k++] = itemHead(i);
    chunks[k++] = embeddings[i];
  }
  chunks[k] = Buffer.from(`${embeddings.length === 0 ? '' : '}'}],"model":${JSON.stringify(model)},"usage":{"prompt_tokens":${tokens},"total_tokens":${tokens}}}`, 'utf8');
  return Buffer.concat(chunks);
}

const HEAD = Buffer.from('{"object":"list","data":[', 'latin1');

/** The JSON before the `index`-th vector, made once per index (up to the 2,048 inputs a request may hold). */
const ITEM_HEADS: Buffer[] = [];
function itemHead(index: number): Buffer {
  let head = ITEM_HEADS[index];
  if (head === undefined) {
    head = Buffer.from(`${index === 0 ? '' : '},'}{"object":"embedding","index":${index},"embedding":`, 'latin1');
    if (index < 4096) ITEM_HEADS[index] = head;
  }
  return head;
}
