import { InvalidArgumentError } from '../errors/invalid-argument.error';
import type { DocumentMetadata } from '../interfaces/document-metadata.interface';
import { toJsonbObject } from './to-jsonb-object.util';

describe('toJsonbObject', () => {
  it('serialises a JSON object', () => {
    expect(toJsonbObject({ a: 1, b: ['x'], c: { d: null } })).toBe('{"a":1,"b":["x"],"c":{"d":null}}');
  });

  it.each([
    [null, 'metadata must be a JSON object'],
    [['x'], 'metadata must be a JSON object'],
    ['text', 'metadata must be a JSON object'],
    [{ big: BigInt(1) }, 'metadata cannot be serialised as JSON'],
    [{ s: 'a\u0000b' }, 'metadata must not contain the NUL character'],
  ])('rejects %p', (value, message) => {
    expect(() => toJsonbObject(value as unknown as DocumentMetadata)).toThrow(InvalidArgumentError);
    expect(() => toJsonbObject(value as unknown as DocumentMetadata)).toThrow(message);
  });
});
