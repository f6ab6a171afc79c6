import { ValidatorConstraint } from 'class-validator';
import type { ValidationArguments, ValidatorConstraintInterface } from 'class-validator';
import { describeUrlSchemes } from './describe-url-schemes.util';
import { isUrlWithScheme } from './is-url-with-scheme.util';

/**
 * class-validator constraint behind `@UrlWithScheme`: its first constraint argument is the list of
 * allowed schemes. The message never repeats the value (it may hold a password).
 */
@ValidatorConstraint({ name: 'isUrlWithScheme' })
export class UrlWithSchemeConstraint implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    return isUrlWithScheme(value, schemesOf(args));
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be ${describeUrlSchemes(schemesOf(args))}`;
  }
}

function schemesOf(args: ValidationArguments): readonly string[] {
  return (args.constraints[0] as readonly string[] | undefined) ?? [];
}
