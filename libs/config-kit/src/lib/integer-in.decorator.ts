import 'reflect-metadata';
import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIntegerIn } from './is-integer-in.decorator';

/**
 * An environment variable holding an integer from `min` to `max` (inclusive): converts the string
 * to a number and validates it, every rule with the message
 * `$property must be an integer from <min> to <max>`.
 */
export function IntegerIn(min: number, max: number): PropertyDecorator {
  return applyDecorators(
    Type(() => Number),
    IsIntegerIn(min, max),
  );
}
