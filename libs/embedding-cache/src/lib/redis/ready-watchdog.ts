/**
 * A one-shot timer armed when the TCP connection opens and cleared on `ready` or `close`.
 *
 * A peer that accepts the TCP connection but never answers would keep an ioredis client in
 * `connect` until its ready check hits `commandTimeout` (5 s, measured: 4.2 s to recover once
 * the peer answers again). `CacheConnection` arms this on `connect`, and `onStall` recycles the
 * connection after `timeoutMs` without `ready`.
 */
export class ReadyWatchdog {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly timeoutMs: number,
    private readonly onStall: () => void,
  ) {}

  /** (Re)starts the timer; it never keeps the process alive. */
  arm(): void {
    this.clear();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onStall();
    }, this.timeoutMs);
    this.timer.unref();
  }

  /** Stops the timer, if armed. */
  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
