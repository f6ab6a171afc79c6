import { parseBooleanEnv } from './parse-boolean-env.util';

const parse = (raw: unknown): unknown => parseBooleanEnv({ obj: { FLAG: raw }, key: 'FLAG' });

describe('parseBooleanEnv', () => {
  it.each(['true', 'TRUE', ' 1 ', 'yes', 'On'])('reads %j as true', (raw) => {
    expect(parse(raw)).toBe(true);
  });

  it.each(['false', 'False', '0', 'no', ' OFF'])('reads %j as false', (raw) => {
    expect(parse(raw)).toBe(false);
  });

  it('returns anything else as given, for IsBoolean to reject', () => {
    expect(parse('sometimes')).toBe('sometimes');
    expect(parse(undefined)).toBeUndefined();
    expect(parse(true)).toBe(true);
  });
});
