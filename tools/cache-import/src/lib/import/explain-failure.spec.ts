import { DamagedFileError } from '../errors/damaged-file.error';
import { ImportInterruptedError } from '../errors/import-interrupted.error';
import { NotKeyValueStoreError } from '../errors/not-key-value-store.error';
import { RedisImportError } from '../errors/redis-import.error';
import { UnreadableFileError } from '../errors/unreadable-file.error';
import { createImportStats } from '../summary/create-import-stats.util';
import { describeStatus } from './describe-status.util';
import { explainFailure } from './explain-failure';

function stats(entriesRead: number) {
  const s = createImportStats(2_000_000);
  s.bytesRead = 500_000;
  s.entriesRead = entriesRead;
  s.imported = entriesRead;
  s.lastEntry = '"data"/"abc"';
  return s;
}

describe('explainFailure', () => {
  it('says how far a Redis failure got and that a rerun continues', () => {
    const error = explainFailure(new RedisImportError('lost the connection to Redis: Connection is closed.'), {
      file: 'f.json',
      stats: stats(1200),
    });

    expect(error).toBeInstanceOf(RedisImportError);
    expect(error.message).toBe(
      'lost the connection to Redis: Connection is closed. Stopped at byte 500,000 of 2,000,000 (25.0%): 1,200 entries read, ' +
        '1,200 imported. Keys already written are kept and skipped on the next run: rerun the same command once Redis is back to continue',
    );
    expect(describeStatus(error)).toBe('stopped early: Redis failed (rerun to continue)');
  });

  it('calls a parser error before any entry "not JSON" (exit 1), after some entries "truncated or damaged" (exit 4)', () => {
    const parseError = new Error("Parser cannot parse input: expected ','");

    const early = explainFailure(parseError, { file: 'f.json', stats: stats(0), parseError });
    const late = explainFailure(parseError, { file: 'f.json', stats: stats(7), parseError });

    expect(early).toBeInstanceOf(UnreadableFileError);
    expect(early.exitCode).toBe(1);
    expect(early.message).toBe("--file f.json is not JSON: Parser cannot parse input: expected ',' (no entry could be read)");
    expect(late).toBeInstanceOf(DamagedFileError);
    expect(late.exitCode).toBe(4);
    expect(late.message).toContain('is truncated or damaged');
    expect(late.message).toContain('Reading stopped at byte 500,000 of 2,000,000 (25.0%) after 7 entries read, 7 imported');
    expect(late.message).toContain('last complete entry "data"/"abc"');
  });

  it('names a file read error and a non-store JSON value', () => {
    const fileError = Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });

    expect(explainFailure(fileError, { file: 'f.json', stats: stats(3), fileError }).message).toBe(
      'cannot read --file f.json: EIO: i/o error, read at byte 500,000 of 2,000,000 (25.0%)',
    );
    expect(explainFailure(new NotKeyValueStoreError('the top-level JSON value is an array'), { file: 'f.json', stats: stats(0) })).toMatchObject({
      exitCode: 1,
      message: '--file f.json is not a SimpleKVStore file: the top-level JSON value is an array',
    });
  });

  it('reports an interruption by signal with exit code 128 + signal number', () => {
    const controller = new AbortController();
    controller.abort('SIGTERM');

    const error = explainFailure(new Error('The operation was aborted'), { file: 'f.json', stats: stats(3), signal: controller.signal });

    expect(error).toBeInstanceOf(ImportInterruptedError);
    expect(error.exitCode).toBe(143);
    expect(error.message).toMatch(/^stopped by SIGTERM at byte 500,000 .*Rerun the same command to continue/);
  });

  it('rethrows errors it does not know', () => {
    const bug = new TypeError('x is undefined');

    expect(() => explainFailure(bug, { file: 'f.json', stats: stats(0) })).toThrow(bug);
  });
});
