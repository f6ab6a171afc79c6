import { settlePipeline } from './settle-pipeline.util';

describe('settlePipeline', () => {
  it('returns replies, undefined where a command failed', () => {
    expect(settlePipeline([[null, 'OK'], [new Error('OOM'), null], [null, null]])).toEqual(['OK', undefined, null]);
  });

  it('throws the first error when every command failed, so the call counts as one failure', () => {
    expect(() => settlePipeline([[new Error('Connection is closed.'), null], [new Error('other'), null]])).toThrow(
      'Connection is closed.',
    );
  });

  it('throws on a discarded pipeline', () => {
    expect(() => settlePipeline(null)).toThrow(/discarded/);
  });
});
