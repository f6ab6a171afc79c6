import { DeadlineExceededError, withDeadline } from './with-deadline.util';

describe('withDeadline', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('resolves with the value when the promise settles in time', async () => {
    await expect(withDeadline(Promise.resolve(42), 50)).resolves.toBe(42);
  });

  it('rejects with DeadlineExceededError when the promise hangs', async () => {
    const pending = withDeadline(new Promise<never>(() => undefined), 50);
    jest.advanceTimersByTime(50);
    await expect(pending).rejects.toThrow(DeadlineExceededError);
  });

  it('absorbs a rejection that arrives after the deadline', async () => {
    let rejectLate!: (e: Error) => void;
    const late = new Promise<never>((_, reject) => (rejectLate = reject));
    const pending = withDeadline(late, 10);
    jest.advanceTimersByTime(10);
    await expect(pending).rejects.toThrow(DeadlineExceededError);
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    rejectLate(new Error('late'));
    jest.useRealTimers();
    await new Promise((r) => setImmediate(r));
    process.off('unhandledRejection', unhandled);
    expect(unhandled).not.toHaveBeenCalled();
  });
});
