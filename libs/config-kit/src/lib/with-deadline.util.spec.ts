import { DeadlineExceededError } from './deadline-exceeded.error';
import { withDeadline } from './with-deadline.util';

describe('withDeadline', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('resolves with the value when the promise settles in time', async () => {
    await expect(withDeadline(Promise.resolve(42), 50)).resolves.toBe(42);
  });

  it('passes on a rejection that arrives in time', async () => {
    await expect(withDeadline(Promise.reject(new Error('refused')), 50)).rejects.toThrow('refused');
  });

  it('rejects with DeadlineExceededError when the promise hangs', async () => {
    const pending = withDeadline(new Promise<never>(() => undefined), 50);
    jest.advanceTimersByTime(50);
    await expect(pending).rejects.toThrow(DeadlineExceededError);
    await expect(pending).rejects.toThrow('Redis did not answer within 50 ms');
    await expect(pending).rejects.toMatchObject({ name: 'DeadlineExceededError', budgetMs: 50 });
  });

  it('names another subject when given one', async () => {
    const pending = withDeadline(new Promise<never>(() => undefined), 20, 'The vector store');
    jest.advanceTimersByTime(20);
    await expect(pending).rejects.toThrow('The vector store did not answer within 20 ms');
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
