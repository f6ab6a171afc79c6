import { BadRequestException, ValidationPipe } from '@nestjs/common';
import type { ArgumentMetadata, ValidationPipeOptions } from '@nestjs/common';
import type { ValidationError } from 'class-validator';

/**
 * A fast path for one body class: the instance the pipe would return, or `null` to let the pipe
 * validate (and, when invalid, refuse) the body as usual. It must only accept what the pipe accepts.
 */
export type FastBodyPath = (body: unknown) => object | null;

/** ValidationPipe with fast paths for some body classes (see `FastBodyPath`). */
class FastPathValidationPipe extends ValidationPipe {
  constructor(
    private readonly fastPaths: ReadonlyMap<unknown, FastBodyPath>,
    options: ValidationPipeOptions,
  ) {
    super(options);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      const accepted = this.fastPaths.get(metadata.metatype)?.(value);
      if (accepted) return accepted;
    }
    return super.transform(value, metadata);
  }
}

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
 * `fastPaths` (by body class) may accept a valid body without class-validator.
 */
export function createValidationPipe(fastPaths: ReadonlyMap<unknown, FastBodyPath> = new Map()): ValidationPipe {
  return new FastPathValidationPipe(fastPaths, {
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
