import { BadRequestException, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';

function flatten(errors: readonly ValidationError[], parent = ''): Array<{ path: string; messages: string[] }> {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ path, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/**
 * The global pipe: class-validator with a whitelist (unknown fields are dropped, as OpenAI
 * clients send extra ones), and 400 errors whose message and `param` name the field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: false,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => {
      const problems = flatten(errors);
      return new BadRequestException({
        message: problems.flatMap((p) => p.messages).join('; ') || 'request body is invalid',
        param: problems[0]?.path ?? null,
      });
    },
  });
}
