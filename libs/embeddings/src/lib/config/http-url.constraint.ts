import { ValidatorConstraint } from 'class-validator';
import type { ValidationArguments, ValidatorConstraintInterface } from 'class-validator';
import { isHttpUrl } from '../utils/is-http-url.util';

/** An `http://` or `https://` URL with a host. The message never repeats the value (it may hold a password). */
@ValidatorConstraint({ name: 'isHttpUrl' })
export class HttpUrlConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isHttpUrl(value);
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be an http:// or https:// URL with a host`;
  }
}
