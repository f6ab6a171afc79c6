import { ReplyError } from 'ioredis';
import { fakeSource, flush } from '../../../test/support/fake-tracking-connection';
import { TrackingSubscriber } from './tracking-subscriber';
import type { TrackingSubscriberListener, TrackingSubscriberSettings } from './tracking-subscriber';

const SETTINGS: TrackingSubscriberSettings = {
  prefix: 'emb',
  setupBudgetMs: 500,
  heartbeatMs: 250,
  heartbeatTimeoutMs: 1_000,
  readyTimeoutMs: 1_000,
  refusedRetryMs: 5_000,
};

function setup(): {
  subscriber: TrackingSubscriber;
  source: ReturnType<typeof fakeSource>;
  listener: { [K in keyof TrackingSubscriberListener]: jest.Mock };
  clock: { now: number };
} {
  const clock = { now: 1_000 };
  const source = fakeSource('server');
  const listener = { synced: jest.fn(), heartbeat: jest.fn(), invalidated: jest.fn(), changed: jest.fn() };
  const subscriber = new TrackingSubscriber(source, { ...SETTINGS, now: () => clock.now }, listener);
  subscriber.start();
  return { subscriber, source, listener, clock };
}

describe('TrackingSubscriber', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('opens a connection of its own that neither queues offline nor resubscribes by itself', () => {
    const { source, subscriber } = setup();
    expect(source.overrides).toEqual([
      expect.objectContaining({ enableOfflineQueue: false, autoResubscribe: false, autoResendUnfulfilledCommands: false, lazyConnect: false }),
    ]);
    subscriber.stop();
  });

  it('on ready: CLIENT ID, CLIENT TRACKING redirected to itself in BCAST mode on the prefix, then SUBSCRIBE; synced from the SUBSCRIBE on', async () => {
    const { source, subscriber, listener, clock } = setup();
    const connection = source.connections[0];
    clock.now = 2_000;
    await connection.becomeReady();

    expect(connection.commands).toEqual([
      ['CLIENT', 'ID'],
      ['CLIENT', 'TRACKING', 'ON', 'REDIRECT', '7', 'BCAST', 'PREFIX', 'emb:'],
      ['SUBSCRIBE', '__redis__:invalidate'],
    ]);
    expect(listener.synced).toHaveBeenCalledWith(subscriber, false);
    expect([subscriber.state, subscriber.syncedAt]).toEqual(['subscribed', 2_000]);
    subscriber.stop();
  });

  it('passes on invalidated keys, and a flush as null; ignores other channels', async () => {
    const { source, subscriber, listener } = setup();
    const connection = source.connections[0];
    await connection.becomeReady();

    connection.invalidate(['emb:a', 'emb:b']);
    connection.invalidate(null);
    connection.invalidate(['emb:c'], 'other');

    expect(listener.invalidated.mock.calls).toEqual([[['emb:a', 'emb:b']], [null]]);
    subscriber.stop();
  });

  it('after a lost connection: down, then synced again as resumed (the channel flushes the L1)', async () => {
    const { source, subscriber, listener } = setup();
    const connection = source.connections[0];
    await connection.becomeReady();

    connection.lose();
    expect(subscriber.state).toBe('down');
    expect(listener.changed).toHaveBeenCalledTimes(1);
    await connection.becomeReady();

    expect(listener.synced.mock.calls.map(([, resumed]) => resumed)).toEqual([false, true]);
    expect(subscriber.state).toBe('subscribed');
    subscriber.stop();
  });

  it('heartbeat: a PING answered moves syncedAt to the time it was sent', async () => {
    const { source, subscriber, listener, clock } = setup();
    const connection = source.connections[0];
    await connection.becomeReady();

    clock.now = 5_000;
    jest.advanceTimersByTime(250);
    await flush();

    expect(connection.commands.at(-1)).toEqual(['PING']);
    expect(subscriber.syncedAt).toBe(5_000);
    expect(listener.heartbeat).toHaveBeenCalledTimes(1);
    subscriber.stop();
  });

  it('heartbeat: a PING unanswered for heartbeatTimeoutMs recycles the connection (down until it subscribes again)', async () => {
    const { source, subscriber, clock } = setup();
    const connection = source.connections[0];
    await connection.becomeReady();
    connection.holdReplies = true;

    clock.now = 2_000;
    jest.advanceTimersByTime(250);
    clock.now = 2_900;
    jest.advanceTimersByTime(250);
    expect([subscriber.state, connection.disconnects]).toEqual(['subscribed', []]);

    clock.now = 3_001;
    jest.advanceTimersByTime(250);
    expect(subscriber.state).toBe('down');
    expect(subscriber.lastError).toBe('no answer to PING within 1000 ms');
    expect(connection.disconnects).toEqual([true]);
    // The late PONG does not vouch for anything.
    connection.pending.forEach(({ reply }) => reply.resolve(['pong', '']));
    await flush();
    expect(subscriber.syncedAt).toBe(1_000);
    subscriber.stop();
  });

  it('a refusal (ACL, old Redis) is reported once as refused and asked again on a fresh connection later', async () => {
    const { source, subscriber, listener } = setup();
    const connection = source.connections[0];
    connection.failWith = (command) =>
      command[1] === 'TRACKING' ? new ReplyError("NOPERM this user has no permissions to run the 'client|tracking' command") : undefined;
    await connection.becomeReady();

    expect(subscriber.state).toBe('refused');
    expect(subscriber.lastError).toMatch(/^NOPERM/);
    expect(listener.synced).not.toHaveBeenCalled();
    expect(connection.disconnects).toEqual([]);

    jest.advanceTimersByTime(5_000);
    expect(connection.disconnects).toEqual([true]);
    connection.lose();
    expect(subscriber.state).toBe('refused');
    expect(listener.changed).toHaveBeenCalledTimes(1);

    connection.failWith = undefined;
    await connection.becomeReady();
    expect(subscriber.state).toBe('subscribed');
    subscriber.stop();
  });

  it('a setup command that times out recycles the connection', async () => {
    const { source, subscriber } = setup();
    const connection = source.connections[0];
    connection.holdReplies = true;
    await connection.becomeReady();

    jest.advanceTimersByTime(500);
    await flush();
    expect(subscriber.state).toBe('down');
    expect(subscriber.lastError).toBe('Redis did not answer within 500 ms');
    expect(connection.disconnects).toEqual([true]);
    subscriber.stop();
  });

  it('a source that cannot open a connection leaves it down, without throwing', () => {
    const listener = { synced: jest.fn(), heartbeat: jest.fn(), invalidated: jest.fn(), changed: jest.fn() };
    const broken = {
      id: 'broken',
      open: () => {
        throw new TypeError('client.duplicate is not a function');
      },
    };
    const subscriber = new TrackingSubscriber(broken, SETTINGS, listener);

    expect(() => subscriber.start()).not.toThrow();
    expect([subscriber.state, subscriber.lastError]).toEqual(['down', 'could not open a connection: client.duplicate is not a function']);
    subscriber.stop();
  });

  it('a setup cut short by a lost connection does not act on the next connection', async () => {
    const { source, subscriber, listener } = setup();
    const connection = source.connections[0];
    connection.holdReplies = true;
    await connection.becomeReady();
    const first = connection.pending.splice(0);

    connection.lose();
    connection.holdReplies = false;
    await connection.becomeReady();
    expect(subscriber.state).toBe('subscribed');
    first.forEach(({ reply }) => reply.reject(new Error('Connection is closed.')));
    await flush();

    expect(subscriber.state).toBe('subscribed');
    expect(connection.disconnects).toEqual([]);
    expect(listener.synced).toHaveBeenCalledTimes(1);
    subscriber.stop();
  });

  it('stop closes the connection for good and reports nothing afterwards', async () => {
    const { source, subscriber, listener } = setup();
    const connection = source.connections[0];
    await connection.becomeReady();
    subscriber.stop();

    expect(connection.disconnects).toEqual([false]);
    connection.lose();
    expect(listener.changed).not.toHaveBeenCalled();
  });
});
