import 'reflect-metadata';
import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/**
 * An environment variable holding an integer from `min` to `max` (inclusive): converts the string
 * to a number and validates it, every rule with the message
 * `$property must be an integer from <min> to <max>`.
 */
export function IntegerIn(min: number, max: number): PropertyDecorator {
  const message = `$property must be an integer from ${min} to ${max}`;
  return applyDecorators(
    Type(() => Number),
    IsInt({ message }),
    Min(min, { message }),
    Max(max, { message }),
  );
}
