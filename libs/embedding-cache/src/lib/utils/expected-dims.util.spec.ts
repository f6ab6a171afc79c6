import { InvalidArgumentError } from '../errors/invalid-argument.error';
import { expectedDims } from './expected-dims.util';

describe('expectedDims', () => {
  const byModel = { 'known-model': 1536 };

  it("takes the dims given with the call over the module's for the model", () => {
    expect(expectedDims('known-model', { dimensions: 384 }, byModel)).toBe(384);
  });

  it("falls back to the module's dims for the model, else none", () => {
    expect(expectedDims('known-model', undefined, byModel)).toBe(1536);
    expect(expectedDims('known-model', {}, byModel)).toBe(1536);
    expect(expectedDims('other-model', undefined, byModel)).toBeUndefined();
  });

  it('never reads a model id from the object prototype', () => {
    expect(expectedDims('constructor', undefined, byModel)).toBeUndefined();
    expect(expectedDims('__proto__', undefined, byModel)).toBeUndefined();
  });

  it.each([0, -1, 1.5, Number.NaN, 2 ** 32, '384'])('rejects dimensions %p, naming the option', (dimensions) => {
    expect(() => expectedDims('m', { dimensions } as never, byModel)).toThrow(InvalidArgumentError);
    expect(() => expectedDims('m', { dimensions } as never, byModel)).toThrow(/^options\.dimensions must be an integer from 1 to 4294967295/);
  });

  it('rejects options that are not an object', () => {
    expect(() => expectedDims('m', 384 as never, byModel)).toThrow('options must be an object such as { dimensions: 1536 }');
    expect(() => expectedDims('m', null as never, byModel)).toThrow(InvalidArgumentError);
  });
});
