import { DEFAULT_BATCH_SIZE } from '../cache-import.constants';
import { UsageError } from '../errors/usage.error';
import { parseArgs } from './parse-args';

describe('parseArgs', () => {
  it('reads every flag', () => {
    const args = parseArgs([
      '--file', 'cache.json', '--collection', 'data', '--collection', 'extra',
      '--dry-run', '--overwrite', '--batch-size', '10', '--dims', '1536',
    ]);

    expect(args).toEqual({
      file: 'cache.json',
      collections: ['data', 'extra'],
      dryRun: true,
      overwrite: true,
      batchSize: 10,
      dims: 1536,
      help: false,
    });
  });

  it('defaults to every collection, writing, keeping existing keys', () => {
    expect(parseArgs(['--file=cache.json'])).toEqual({
      file: 'cache.json',
      collections: [],
      dryRun: false,
      overwrite: false,
      batchSize: DEFAULT_BATCH_SIZE,
      dims: undefined,
      help: false,
    });
  });

  it('accepts --help and -h without --file', () => {
    expect(parseArgs(['--help']).help).toBe(true);
    expect(parseArgs(['-h']).help).toBe(true);
  });

  it.each([
    [[], '--file <path> is required'],
    [['--file', ''], '--file <path> is required'],
    [['--file'], "Option '--file <value>' argument missing"],
    [['--file', 'x', '--bogus'], "Unknown option '--bogus'"],
    [['--file', 'x', 'extra'], "Unexpected argument 'extra'"],
    [['--file', 'x', '--collection', ''], '--collection needs a non-empty name'],
    [['--file', 'x', '--batch-size', '0'], '--batch-size must be an integer from 1 to 10000 (got "0")'],
    [['--file', 'x', '--batch-size', '1.5'], '--batch-size must be an integer from 1 to 10000 (got "1.5")'],
    [['--file', 'x', '--batch-size', 'ten'], '--batch-size must be an integer from 1 to 10000 (got "ten")'],
    [['--file', 'x', '--dims', '-3'], "Option '--dims' argument is ambiguous"],
    [['--file', 'x', '--dims=-3'], '--dims must be an integer from 1 to 65536 (got "-3")'],
    [['--file', 'x', '--dims', '70000'], '--dims must be an integer from 1 to 65536 (got "70000")'],
  ])('rejects %j with a UsageError naming the flag', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
