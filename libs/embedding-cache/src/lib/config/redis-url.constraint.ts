import { ValidatorConstraint } from 'class-validator';
import type { ValidationArguments, ValidatorConstraintInterface } from 'class-validator';

/** A `redis://` or `rediss://` URL with a host. The message never repeats the value (it may hold a password). */
@ValidatorConstraint({ name: 'isRedisUrl' })
export class RedisUrlConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    try {
      const url = new URL(value);
      return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname.length > 0;
    } catch {
      return false;
    }
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be a redis:// or rediss:// URL with a host`;
  }
}
