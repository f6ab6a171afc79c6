import { parseHostPortList } from './parse-host-port-list.util';

describe('parseHostPortList', () => {
  it('parses host:port entries, ignoring blanks and empty entries', () => {
    expect(parseHostPortList(' redis-0:6379, 10.0.0.2:7000 ,, [::1]:6380 ')).toEqual([
      { host: 'redis-0', port: 6379 },
      { host: '10.0.0.2', port: 7000 },
      { host: '::1', port: 6380 },
    ]);
    expect(parseHostPortList(['a:1', 'b.example.com:65535'])).toEqual([
      { host: 'a', port: 1 },
      { host: 'b.example.com', port: 65_535 },
    ]);
  });

  it.each(['', ' , ', 'redis-0', 'redis-0:', 'redis-0:0', 'redis-0:65536', 'redis://a:1', 'a:1,b', '::1:6379', 'a b:1'])(
    'rejects %j',
    (value) => {
      expect(parseHostPortList(value)).toBeUndefined();
    },
  );
});
