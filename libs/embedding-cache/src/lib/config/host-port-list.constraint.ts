import { ValidatorConstraint } from 'class-validator';
import type { ValidationArguments, ValidatorConstraintInterface } from 'class-validator';
import { parseHostPortList } from '../utils/parse-host-port-list.util';

/** A comma-separated list of `host:port` entries (see `parseHostPortList`). */
@ValidatorConstraint({ name: 'isHostPortList' })
export class HostPortListConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && parseHostPortList(value) !== undefined;
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be a comma-separated list of host:port (IPv6 as [addr]:port)`;
  }
}
