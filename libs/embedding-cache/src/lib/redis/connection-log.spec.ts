import type { Logger } from '@nestjs/common';
import { ConnectionLog } from './connection-log';

describe('ConnectionLog', () => {
  let logger: { log: jest.Mock; warn: jest.Mock };
  let log: ConnectionLog;

  beforeEach(() => {
    logger = { log: jest.fn(), warn: jest.fn() };
    log = new ConnectionLog(logger as unknown as Logger, 3, 'connecting');
  });

  it('logs once per state change, never once per report', () => {
    log.stateChange('ready', undefined);
    log.stateChange('ready', undefined);
    log.stateChange('connecting', 'connect ECONNREFUSED');
    log.stateChange('connecting', 'connect ECONNREFUSED');
    log.stateChange('ready', undefined);

    expect(logger.log.mock.calls).toEqual([['Embedding cache connected to Redis'], ['Embedding cache connected to Redis']]);
    expect(logger.warn.mock.calls).toEqual([
      ['Embedding cache unavailable (connect ECONNREFUSED); serving misses until Redis is back'],
    ]);
  });

  it('names the threshold and the last error when the circuit opens', () => {
    log.stateChange('circuit_open', 'Redis did not answer within 50 ms');
    expect(logger.warn).toHaveBeenCalledWith(
      'Embedding cache circuit opened after 3 failed calls (Redis did not answer within 50 ms); skipping Redis until a probe succeeds',
    );
  });

  it('logs each error reply code once until the connection is ready again', () => {
    log.replyError('set', 'OOM command not allowed when used memory > maxmemory.');
    log.replyError('set_many', 'OOM command not allowed when used memory > maxmemory.');
    log.replyError('get', 'NOPERM this user has no permissions');
    log.connected();
    log.replyError('set', 'OOM command not allowed when used memory > maxmemory.');

    expect(logger.warn.mock.calls.map(([line]) => String(line).split(' (')[0])).toEqual([
      'Embedding cache set got an error reply from Redis',
      'Embedding cache get got an error reply from Redis',
      'Embedding cache set got an error reply from Redis',
    ]);
  });
});
