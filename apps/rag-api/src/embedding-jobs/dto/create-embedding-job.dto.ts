import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength, Validate } from 'class-validator';
import { MAX_JOB_TEXTS } from '@rag/embedding-jobs';
import { JobTextsConstraint } from '../validation/job-texts.constraint';

/** Body of `POST /v1/embedding-jobs`. */
export class CreateEmbeddingJobDto {
  @ApiProperty({
    description: `Texts to embed in the background: 1 to ${MAX_JOB_TEXTS} non-empty strings (the body is limited to 10 MB).`,
    type: [String],
    example: ['first chunk of a document', 'second chunk'],
  })
  @Validate(JobTextsConstraint)
  texts!: string[];

  @ApiPropertyOptional({ description: "Model id; defaults to the configured provider's model." })
  @IsOptional()
  @MaxLength(256, { message: 'model must be at most 256 characters' })
  @MinLength(1, { message: 'model must not be empty' })
  @IsString({ message: 'model must be a string' })
  model?: string;
}
