import { InvalidEmbeddingCacheConfigError } from '../errors/invalid-embedding-cache-config.error';
import { resolveOptions } from './resolve-options.util';

describe('resolveOptions', () => {
  it('lists no model dimensions by default and keeps the ones given', () => {
    expect(resolveOptions({}).modelDimensions).toEqual({});
    expect(resolveOptions({ modelDimensions: { 'local-hash-v1': 384 } }).modelDimensions).toEqual({ 'local-hash-v1': 384 });
  });

  it.each([
    [{ m: 0 }, 'modelDimensions["m"] must be an integer from 1 to 4294967295 (got 0)'],
    [{ m: 1.5 }, 'modelDimensions["m"] must be an integer from 1 to 4294967295 (got 1.5)'],
    [{ m: '384' }, 'modelDimensions["m"] must be an integer from 1 to 4294967295 (got "384")'],
    [[384], 'modelDimensions must be an object of model ids to dimension counts'],
    [null, 'modelDimensions must be an object of model ids to dimension counts'],
  ])('fails at boot naming the option for modelDimensions %p', (modelDimensions, problem) => {
    const resolve = () => resolveOptions({ modelDimensions: modelDimensions as never });
    expect(resolve).toThrow(InvalidEmbeddingCacheConfigError);
    expect(resolve).toThrow(problem);
  });
});
