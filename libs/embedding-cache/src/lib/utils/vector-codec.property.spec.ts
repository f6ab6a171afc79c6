import fc from 'fast-check';
import { decodeVector } from './decode-vector.util';
import { encodeVector } from './encode-vector.util';
import { FLOAT16_MAX } from './float16.util';
import { VECTOR_DTYPE_FLOAT16, VECTOR_DTYPE_FLOAT32, VECTOR_FORMAT_VERSION, VECTOR_HEADER_BYTES, VECTOR_MAGIC } from './vector-format.constants';

/** float32 values that are easy to get wrong, mixed into the generated ones on purpose. */
const EDGE_FLOATS = [
  0,
  -0,
  1.401298464324817e-45, // smallest subnormal
  -1.401298464324817e-45,
  1.1754942106924411e-38, // largest subnormal
  1.1754943508222875e-38, // smallest normal
  3.4028234663852886e38, // largest finite
  -3.4028234663852886e38,
];
const NON_FINITE = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

/** A finite float32 value: fast-check's own (biased towards edges) or one of `EDGE_FLOATS`. */
const finiteFloat32 = fc.oneof(fc.float({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(...EDGE_FLOATS));
const finiteVector = fc.array(finiteFloat32, { minLength: 1, maxLength: 600 });

/** The header of a value of this format, with each field either valid or arbitrary. */
const header = fc.record({
  magic: fc.oneof(fc.constant(VECTOR_MAGIC), fc.integer({ min: 0, max: 255 })),
  version: fc.oneof(fc.constant(VECTOR_FORMAT_VERSION), fc.integer({ min: 0, max: 255 })),
  dtype: fc.oneof(fc.constantFrom(VECTOR_DTYPE_FLOAT32, VECTOR_DTYPE_FLOAT16), fc.integer({ min: 0, max: 255 })),
  dims: fc.oneof(fc.integer({ min: 0, max: 64 }), fc.constant(0xffffffff)),
});

function isValidDecoding(value: Buffer, decoded: Float32Array | null): boolean {
  if (decoded === null) return true;
  return decoded.length === value.readUInt32LE(4) && decoded.every((x) => Number.isFinite(x));
}

describe('value codec (property-based)', () => {
  it('round-trips any finite float32 vector exactly, -0 and subnormals included', () => {
    fc.assert(
      fc.property(finiteVector, (vector) => {
        const decoded = decodeVector(encodeVector(vector));
        expect(decoded).not.toBeNull();
        expect(decoded?.length).toBe(vector.length);
        vector.forEach((x, i) => expect(Object.is(decoded?.[i], Math.fround(x))).toBe(true));
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips a Float32Array input bit for bit', () => {
    fc.assert(
      fc.property(finiteVector, (vector) => {
        const input = Float32Array.from(vector);
        const decoded = decodeVector(encodeVector(input));
        expect(decoded && Buffer.from(decoded.buffer, decoded.byteOffset, decoded.byteLength)).toEqual(
          Buffer.from(input.buffer, input.byteOffset, input.byteLength),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('decodes a float16 value of any finite vector to a finite vector of the same length', () => {
    fc.assert(
      fc.property(finiteVector, (vector) => {
        const decoded = decodeVector(encodeVector(vector, 'float16'));
        expect(decoded).not.toBeNull();
        expect(decoded?.length).toBe(vector.length);
        expect(decoded?.every((x) => Number.isFinite(x))).toBe(true);
        // Values within ±65504 are stored as float16, which keeps the sign and the zeros.
        if (vector.every((x) => Math.abs(x) <= FLOAT16_MAX)) {
          vector.forEach((x, i) => expect(Math.sign(decoded?.[i] ?? Number.NaN) === Math.sign(x) || Math.abs(x) < 2 ** -24).toBe(true));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never returns a vector holding NaN or ±Infinity, in either element type', () => {
    const withNonFinite = fc
      .tuple(finiteVector, fc.constantFrom(...NON_FINITE), fc.nat())
      .map(([vector, bad, at]) => vector.map((x, i) => (i === at % vector.length ? bad : x)));
    fc.assert(
      fc.property(withNonFinite, fc.constantFrom('float32' as const, 'float16' as const), (vector, dtype) => {
        expect(decodeVector(encodeVector(vector, dtype))).toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary bytes: they decode to a valid vector or are a miss (null)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        const value = Buffer.from(bytes);
        expect(isValidDecoding(value, decodeVector(value))).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('never throws on values with a plausible header and arbitrary elements, at any byte offset', () => {
    const value = fc
      .tuple(header, fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 7 }))
      .map(([{ magic, version, dtype, dims }, body, offset]) => {
        const bytes = Buffer.alloc(offset + VECTOR_HEADER_BYTES + body.length);
        const out = bytes.subarray(offset);
        out[0] = magic;
        out[1] = version;
        out[2] = dtype;
        out.writeUInt32LE(dims, 4);
        out.set(body, VECTOR_HEADER_BYTES);
        return out;
      });
    fc.assert(
      fc.property(value, fc.option(fc.integer({ min: 1, max: 64 }), { nil: undefined }), (bytes, dims) => {
        const decoded = decodeVector(bytes, undefined, dims);
        expect(isValidDecoding(bytes, decoded)).toBe(true);
        if (decoded && dims !== undefined) expect(decoded.length).toBe(dims);
      }),
      { numRuns: 3_000 },
    );
  });
});
