import { Inject, Injectable, Optional } from '@nestjs/common';
import { ValidatorConstraint } from 'class-validator';
import type { ValidationArguments, ValidatorConstraintInterface } from 'class-validator';
import { MAX_JOB_TEXTS } from '@rag/embedding-jobs';
import { ragApiConfig } from '../../config/rag-api.config';
import type { RagApiConfig } from '../../config/rag-api.config';
import { describeTextsProblem } from '../../embeddings/validation/describe-input-problem.util';

const DEFAULT_MAX_INPUT_CHARS = 32_768;
const RULE = { field: 'texts', maxItems: MAX_JOB_TEXTS, allowString: false };

/** class-validator constraint of a job's `texts`: 1 to 100 000 non-empty strings within EMBEDDING_MAX_INPUT_CHARS. */
@Injectable()
@ValidatorConstraint({ name: 'jobTexts' })
export class JobTextsConstraint implements ValidatorConstraintInterface {
  private readonly maxChars: number;

  constructor(@Optional() @Inject(ragApiConfig.KEY) config?: RagApiConfig) {
    this.maxChars = config?.maxInputChars ?? DEFAULT_MAX_INPUT_CHARS;
  }

  validate(value: unknown): boolean {
    return describeTextsProblem(value, this.maxChars, RULE) === null;
  }

  defaultMessage(args: ValidationArguments): string {
    return describeTextsProblem(args.value, this.maxChars, RULE) ?? 'texts is invalid';
  }
}
