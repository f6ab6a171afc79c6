import { ProbeTimer } from './probe-timer';

describe('ProbeTimer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('probes every interval while started, and never runs two probes at once', async () => {
    let finish: () => void = () => undefined;
    const probe = jest.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const timer = new ProbeTimer(100, probe);

    timer.start();
    await jest.advanceTimersByTimeAsync(350);
    expect(probe).toHaveBeenCalledTimes(1);

    finish();
    await jest.advanceTimersByTimeAsync(100);
    expect(probe).toHaveBeenCalledTimes(2);

    finish();
    timer.stop();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(probe).toHaveBeenCalledTimes(2);
  });
});
