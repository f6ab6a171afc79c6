import { CircuitBreaker } from './circuit-breaker';
import { DeadlineExceededError } from './deadline-exceeded.error';

describe('CircuitBreaker', () => {
  const onChange = jest.fn();
  beforeEach(() => onChange.mockReset());

  it('opens after the threshold of consecutive failures and reports it once', () => {
    const breaker = new CircuitBreaker(3, onChange);
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.isOpen).toBe(false);
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.isOpen).toBe(true);
    expect(onChange.mock.calls).toEqual([[true]]);
  });

  it('a success resets the count, and closes an open circuit', () => {
    const breaker = new CircuitBreaker(2, onChange);
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    expect(breaker.isOpen).toBe(false);
    breaker.recordFailure();
    expect(breaker.isOpen).toBe(true);
    breaker.recordSuccess();
    expect(breaker.isOpen).toBe(false);
    expect(onChange.mock.calls).toEqual([[true], [false]]);
  });

  it('does not count a deadline missed because this process was late, nor reset the count', () => {
    const breaker = new CircuitBreaker(2, onChange);
    expect(breaker.recordFailure(new DeadlineExceededError(50, 'Redis', 0))).toBe(true);
    for (let i = 0; i < 10; i += 1) expect(breaker.recordFailure(new DeadlineExceededError(50, 'Redis', 200))).toBe(false);
    expect(breaker.isOpen).toBe(false);
    // A punctual timer (a few ms of noise) is Redis's miss.
    expect(breaker.recordFailure(new DeadlineExceededError(50, 'Redis', 4))).toBe(true);
    expect(breaker.isOpen).toBe(true);
  });
});
