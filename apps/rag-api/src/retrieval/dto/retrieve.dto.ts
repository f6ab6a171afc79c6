import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { IsIntegerIn } from '@rag/config-kit';
import { MAX_COLLECTION_CHARS, MAX_TOP_K } from '../../documents/documents.constants';
import { IsMetadataFilter } from '../../documents/validation/is-json-object.decorator';

/** Longest query a DTO accepts before the service applies EMBEDDING_MAX_INPUT_CHARS. */
const MAX_QUERY_CHARS = 1_000_000;

/** Body of `POST /v1/retrieve`. class-validator runs decorators bottom-up: the type check first. */
export class RetrieveDto {
  @ApiProperty({ description: 'Question or search text (at most EMBEDDING_MAX_INPUT_CHARS characters).', example: 'How long do I knead bread dough?' })
  @MaxLength(MAX_QUERY_CHARS, { message: `query must be at most ${MAX_QUERY_CHARS} characters` })
  @IsNotEmpty({ message: 'query must not be empty' })
  @IsString({ message: 'query must be a string' })
  query!: string;

  @ApiPropertyOptional({ description: `Number of chunks to return (1-${MAX_TOP_K}).`, default: 5, minimum: 1, maximum: MAX_TOP_K })
  @IsOptional()
  @IsIntegerIn(1, MAX_TOP_K)
  topK?: number;

  @ApiPropertyOptional({ description: 'Collection to search; an unknown one gives no results.', default: 'default' })
  @IsOptional()
  @Length(1, MAX_COLLECTION_CHARS, { message: `collection must be 1 to ${MAX_COLLECTION_CHARS} characters` })
  @IsString({ message: 'collection must be a string' })
  collection?: string;

  @ApiPropertyOptional({
    description: 'Exact match on top-level metadata keys; values are strings, numbers or booleans.',
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
    example: { topic: 'cooking' },
  })
  @IsOptional()
  @IsMetadataFilter()
  filter?: Record<string, string | number | boolean>;
}
