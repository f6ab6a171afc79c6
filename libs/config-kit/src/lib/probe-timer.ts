/**
 * Runs `probe` every `intervalMs` while started, never two at once: the background PING that
 * closes an open circuit without trial calls on the request path.
 */
export class ProbeTimer {
  private timer: NodeJS.Timeout | undefined;
  private probing = false;

  constructor(
    private readonly intervalMs: number,
    private readonly probe: () => Promise<unknown>,
  ) {}

  /** Starts probing (again); the timer never keeps the process alive. */
  start(): void {
    this.stop();
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops probing. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    try {
      await this.probe();
    } finally {
      this.probing = false;
    }
  }
}
