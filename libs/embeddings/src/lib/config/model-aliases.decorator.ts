import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';
import { describeModelAliasesProblem } from './describe-model-aliases-problem.util';

/**
 * Property decorator of `EMBEDDING_MODEL_ALIASES`: splits the comma-separated value into trimmed
 * names and validates them (`describeModelAliasesProblem`); the message starts with the property.
 */
export function ModelAliases(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((name) => name.trim()) : value)),
    ValidateBy({
      name: 'modelAliases',
      validator: {
        validate: (value: unknown, args) => describeModelAliasesProblem(value, args?.property ?? 'value') === null,
        defaultMessage: (args) => describeModelAliasesProblem(args?.value, args?.property ?? 'value') ?? `${args?.property} is invalid`,
      },
    }),
  );
}
