import { ValidatorConstraint } from 'class-validator';
import type { ValidationArguments, ValidatorConstraintInterface } from 'class-validator';
import { isPostgresUrl } from '../utils/is-postgres-url.util';

/** A `postgres://` or `postgresql://` URL with a host. The message never repeats the value (it may hold a password). */
@ValidatorConstraint({ name: 'isPostgresUrl' })
export class PostgresUrlConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isPostgresUrl(value);
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be a postgres:// or postgresql:// URL with a host`;
  }
}
