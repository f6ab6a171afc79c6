/**
 * class-transformer `@Transform` for boolean environment variables: `true`/`false` (also `1`/`0`,
 * `yes`/`no`, `on`/`off`, any case). Anything else is returned as given so that `@IsBoolean`
 * rejects it with a message naming the variable. Reads the raw value (`obj[key]`), since implicit
 * conversion would already have turned `'false'` into `true`.
 */
export function parseBooleanEnv({ obj, key }: { obj: Record<string, unknown>; key: string }): unknown {
  const raw = obj[key];
  if (typeof raw !== 'string') return raw;
  const normalised = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalised)) return true;
  if (['false', '0', 'no', 'off'].includes(normalised)) return false;
  return raw;
}
