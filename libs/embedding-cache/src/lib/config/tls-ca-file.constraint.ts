import { accessSync, constants, statSync } from 'node:fs';
import { ValidatorConstraint } from 'class-validator';
import type { ValidationArguments, ValidatorConstraintInterface } from 'class-validator';
import { tlsEnabledByEnv } from './tls-enabled-by-env.util';
import type { TlsEnv } from './tls-enabled-by-env.util';

/**
 * `REDIS_TLS_CA_FILE`: a readable file, and TLS on (a `rediss://` URL in standalone mode, or
 * `REDIS_EMBEDDING_CACHE_TLS=true`); a CA with TLS off is a mistake worth failing boot over.
 */
@ValidatorConstraint({ name: 'isTlsCaFile' })
export class TlsCaFileConstraint implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    return problemOf(value, args.object as TlsEnv) === undefined;
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} ${problemOf(args.value, args.object as TlsEnv) ?? 'is invalid'}`;
  }
}

function problemOf(value: unknown, env: TlsEnv): string | undefined {
  if (typeof value !== 'string') return 'must be a path';
  try {
    if (!statSync(value).isFile()) return 'must be a readable file';
    accessSync(value, constants.R_OK);
  } catch {
    return 'must be a readable file';
  }
  if (!tlsEnabledByEnv(env)) return 'is set but TLS is off: use a rediss:// URL or set REDIS_EMBEDDING_CACHE_TLS=true';
  return undefined;
}
