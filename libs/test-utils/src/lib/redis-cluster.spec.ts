import { parseClusterNodes } from './redis-cluster';

describe('parseClusterNodes', () => {
  it('reads port, role, failure flags and slot counts', () => {
    const text = [
      'a1 127.0.0.1:30001@40001 myself,master - 0 0 1 connected 0-5460',
      'b2 127.0.0.1:30002@40002 master - 0 1700000000000 2 connected 5461-10922 10923',
      'c3 127.0.0.1:30003@40003 master,fail - 1700000000000 1700000000000 3 disconnected',
      'd4 127.0.0.1:30004@40004 slave a1 0 1700000000000 1 connected',
      'e5 127.0.0.1:30005@40005,host.example slave,fail? b2 0 0 2 connected',
      'f6 127.0.0.1:30006@40006 master - 0 0 4 connected 10924-16383 [10923->-b2]',
      '',
    ].join('\n');
    expect(parseClusterNodes(text)).toEqual([
      { port: 30001, role: 'master', failing: false, slotCount: 5461 },
      { port: 30002, role: 'master', failing: false, slotCount: 5463 },
      { port: 30003, role: 'master', failing: true, slotCount: 0 },
      { port: 30004, role: 'replica', failing: false, slotCount: 0 },
      { port: 30005, role: 'replica', failing: true, slotCount: 0 },
      { port: 30006, role: 'master', failing: false, slotCount: 5460 },
    ]);
  });
});
