import { CircuitBreaker } from './circuit-breaker';

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
});
