import { redactUrl } from './redact-url.util';

/** Suffixes of variable names whose whole value is a secret. */
const SECRET_SUFFIXES = ['_PASSWORD', '_KEY', '_TOKEN', '_SECRET'] as const;

/**
 * The value of environment variable `name` as it may appear in a boot error: `***` for names
 * ending `_PASSWORD`, `_KEY`, `_TOKEN` or `_SECRET`; the URL with its password hidden
 * (`redactUrl`) for names ending `_URL`; `raw` otherwise.
 */
export function redactEnvValue(name: string, raw: string): string {
  if (SECRET_SUFFIXES.some((suffix) => name.endsWith(suffix))) return '***';
  if (name.endsWith('_URL')) return redactUrl(raw);
  return raw;
}
