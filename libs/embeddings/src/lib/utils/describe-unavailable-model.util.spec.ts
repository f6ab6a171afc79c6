import { describeUnavailableModel } from './describe-unavailable-model.util';

describe('describeUnavailableModel', () => {
  it.each([[undefined], ['local-hash-v1'], ['text-embedding-ada-002']])('serves %j', (requested) => {
    expect(describeUnavailableModel(requested, 'local-hash-v1', ['text-embedding-ada-002'], 'this server')).toBeNull();
  });

  it('names the served model and the variable to set', () => {
    expect(describeUnavailableModel('text-embedding-ada-002', 'local-hash-v1', [], 'this server')).toBe(
      'model "text-embedding-ada-002" is not available; this server embeds with "local-hash-v1": ' +
        'ask for "local-hash-v1", or set EMBEDDING_MODEL_ALIASES=text-embedding-ada-002',
    );
  });

  it('matches exactly, and gives the whole list to set when aliases exist', () => {
    expect(describeUnavailableModel('LOCAL-HASH-V1', 'local-hash-v1', ['a', 'b'], 'this worker')).toBe(
      'model "LOCAL-HASH-V1" is not available; this worker embeds with "local-hash-v1": ask for "local-hash-v1", or set EMBEDDING_MODEL_ALIASES=a,b,LOCAL-HASH-V1',
    );
  });

  it('does not suggest a name that the variable would refuse', () => {
    expect(describeUnavailableModel('a,b', 'm', [], 'this server')).toBe('model "a,b" is not available; this server embeds with "m": ask for "m"');
  });
});
