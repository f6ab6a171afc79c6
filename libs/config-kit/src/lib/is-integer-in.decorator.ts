import { applyDecorators } from '@nestjs/common';
import { IsInt, Max, Min } from 'class-validator';

/**
 * A property holding an integer from `min` to `max` (inclusive), as given: no conversion, so a
 * request body's `"5"` stays a string and fails. Every rule has the message
 * `$property must be an integer from <min> to <max>`. For environment variables use `IntegerIn`.
 */
export function IsIntegerIn(min: number, max: number): PropertyDecorator {
  const message = `$property must be an integer from ${min} to ${max}`;
  return applyDecorators(IsInt({ message }), Min(min, { message }), Max(max, { message }));
}
