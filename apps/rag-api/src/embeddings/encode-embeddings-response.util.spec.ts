import fc from 'fast-check';
import type { EmbeddingsResponseDto } from './dto/embeddings-response.dto';
import type { EncodingFormat } from './dto/create-embeddings.dto';
import { encodeEmbedding } from './encode-embedding.util';
import { encodeEmbeddingsResponse } from './encode-embeddings-response.util';
import { encodeVectorJson } from './encoded-vector-memo';

/** What the controller sent before: `res.json` of the response object, i.e. `JSON.stringify`. */
function viaJsonStringify(vectors: Float32Array[], format: EncodingFormat, model: string, tokens: number): Buffer {
  const response: EmbeddingsResponseDto = {
    object: 'list',
    data: vectors.map((vector, index) => ({ object: 'embedding', index, embedding: encodeEmbedding(vector, format) })),
    model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
  return Buffer.from(JSON.stringify(response), 'utf8');
}

const float32 = fc.float32Array({ minLength: 1, maxLength: 40, noDefaultInfinity: true, noNaN: true });

describe('encodeEmbeddingsResponse', () => {
  it('writes the very bytes JSON.stringify wrote of the response object, for any vectors, format, model and count', () => {
    fc.assert(
      fc.property(fc.array(float32, { maxLength: 6 }), fc.constantFrom<EncodingFormat>('float', 'base64'), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.nat(), (vectors, format, model, tokens) => {
        const encoded = encodeEmbeddingsResponse(
          vectors.map((v) => encodeVectorJson(v, format)),
          model,
          tokens,
        );
        expect(encoded.equals(viaJsonStringify(vectors, format, model, tokens))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every float32 exactly: the float form parses back to the same values, the base64 form to the same bytes', () => {
    const vector = Float32Array.from([0.1, -0.5, 1e-38, 3.4028234663852886e38, 0.0023064255]);
    const body = JSON.parse(encodeEmbeddingsResponse([encodeVectorJson(vector, 'float')], 'm', 1).toString()) as { data: Array<{ embedding: number[] }> };
    expect(Float32Array.from(body.data[0].embedding)).toEqual(vector);
    const b64 = JSON.parse(encodeEmbeddingsResponse([encodeVectorJson(vector, 'base64')], 'm', 1).toString()) as { data: Array<{ embedding: string }> };
    expect(new Float32Array(new Uint8Array(Buffer.from(b64.data[0].embedding, 'base64')).buffer)).toEqual(vector);
  });
});
