import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoolean } from 'class-validator';
import { parseBooleanEnv } from './parse-boolean-env.util';

/**
 * A boolean environment variable (`true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`, any case; see
 * `parseBooleanEnv`); anything else fails with `$property must be true or false`.
 */
export function BooleanEnv(): PropertyDecorator {
  return applyDecorators(Transform(parseBooleanEnv), IsBoolean({ message: '$property must be true or false' }));
}
