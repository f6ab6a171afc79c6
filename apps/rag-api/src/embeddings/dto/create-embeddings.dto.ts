import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength, Validate } from 'class-validator';
import { IsIntegerIn } from '@rag/config-kit';
import { EmbeddingInputConstraint } from '../validation/embedding-input.constraint';
import { MAX_INPUT_ITEMS } from '../validation/describe-input-problem.util';

/** Wire formats of the vectors in a response. */
export const ENCODING_FORMATS = ['float', 'base64'] as const;
/** One of `ENCODING_FORMATS`. */
export type EncodingFormat = (typeof ENCODING_FORMATS)[number];

/** Body of `POST /v1/embeddings`, as in the OpenAI embeddings API. */
export class CreateEmbeddingsDto {
  @ApiProperty({
    description: `Text to embed, or up to ${MAX_INPUT_ITEMS} texts. Each must be non-empty and at most EMBEDDING_MAX_INPUT_CHARS characters.`,
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, maxItems: MAX_INPUT_ITEMS }],
    example: ['The food was delicious and the waiter was friendly.'],
  })
  @Validate(EmbeddingInputConstraint)
  input!: string | string[];

  @ApiPropertyOptional({ description: "Model id; defaults to the configured provider's model.", example: 'local-hash-v1' })
  // class-validator runs decorators bottom-up: the type check (lowest) comes first.
  @IsOptional()
  @MaxLength(256, { message: 'model must be at most 256 characters' })
  @MinLength(1, { message: 'model must not be empty' })
  @IsString({ message: 'model must be a string' })
  model?: string;

  @ApiPropertyOptional({ enum: ENCODING_FORMATS, default: 'float', description: 'base64 = little-endian float32 bytes, as OpenAI.' })
  @IsOptional()
  @IsIn(ENCODING_FORMATS, { message: 'encoding_format must be "float" or "base64"' })
  encoding_format?: EncodingFormat;

  @ApiPropertyOptional({ description: "Vector length; must equal the model's.", minimum: 1 })
  @IsOptional()
  @IsIntegerIn(1, 8192)
  dimensions?: number;

  @ApiPropertyOptional({ description: 'End-user id, accepted for compatibility and ignored.' })
  @IsOptional()
  @MaxLength(256, { message: 'user must be at most 256 characters' })
  @IsString({ message: 'user must be a string' })
  user?: string;
}
