import { Inject, Injectable, Optional } from '@nestjs/common';
import { ValidatorConstraint } from 'class-validator';
import type { ValidationArguments, ValidatorConstraintInterface } from 'class-validator';
import { ragApiConfig } from '../../config/rag-api.config';
import type { RagApiConfig } from '../../config/rag-api.config';
import { describeInputProblem } from './describe-input-problem.util';

const DEFAULT_MAX_INPUT_CHARS = 32_768;

/**
 * class-validator constraint of `input`. A Nest provider (through `useContainer`) so that it
 * reads `EMBEDDING_MAX_INPUT_CHARS`; built without DI it uses the default 32768.
 */
@Injectable()
@ValidatorConstraint({ name: 'embeddingInput' })
export class EmbeddingInputConstraint implements ValidatorConstraintInterface {
  private readonly maxChars: number;

  constructor(@Optional() @Inject(ragApiConfig.KEY) config?: RagApiConfig) {
    this.maxChars = config?.maxInputChars ?? DEFAULT_MAX_INPUT_CHARS;
  }

  validate(value: unknown): boolean {
    return describeInputProblem(value, this.maxChars) === null;
  }

  defaultMessage(args: ValidationArguments): string {
    return describeInputProblem(args.value, this.maxChars) ?? 'input is invalid';
  }
}
