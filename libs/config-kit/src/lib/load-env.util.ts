import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { ValidationError } from 'class-validator';
import type { LoadEnvOptions } from './load-env-options.interface';
import { redactEnvValue } from './redact-env-value.util';

/**
 * Reads the variables declared as fields of `envClass` (with their defaults as initialisers) from
 * `env`, converts and validates them with class-transformer / class-validator, and returns the
 * typed instance. Empty values count as unset; other variables of `env` are ignored. On any
 * invalid variable it throws `onInvalid(problems)`, one problem per variable:
 * `<constraint messages, joined ", "> (got "<redact(name, raw)>")`, where `raw` is the value as
 * set (before conversion) and the `(got …)` part is omitted when the variable is unset;
 * identical messages (IsInt/Min/Max of one range) are listed once.
 */
export function loadEnv<T extends object>(envClass: new () => T, env: Readonly<Record<string, unknown>>, options: LoadEnvOptions<T>): T {
  const names = Object.keys(new envClass());
  const present = Object.fromEntries(names.map((name) => [name, env[name]]).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = plainToInstance(envClass, present, { enableImplicitConversion: true });
  const redact = options.redact ?? redactEnvValue;
  const problems: readonly string[] = validateSync(parsed, { skipMissingProperties: false, forbidUnknownValues: false }).map((error) =>
    describeError(error, present[error.property], redact),
  );
  const all = [...problems, ...(options.check?.(parsed, problems) ?? [])];
  if (all.length > 0) throw options.onInvalid(all);
  return parsed;
}

function describeError(error: ValidationError, given: unknown, redact: (name: string, raw: string) => string): string {
  // IsInt, Min and Max of one range share a message: a non-number would repeat it three times.
  const messages = [...new Set(Object.values(error.constraints ?? {}))].join(', ');
  // The value as set, since implicit conversion turns PORT=http into NaN.
  const raw = given ?? error.value;
  if (raw === undefined) return messages;
  return `${messages} (got "${redact(error.property, String(raw))}")`;
}
