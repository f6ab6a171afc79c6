import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { MAX_COLLECTION_CHARS, MAX_DOCUMENT_CHARS, MAX_DOCUMENT_ID_CHARS } from '../documents.constants';
import { IsJsonObject } from '../validation/is-json-object.decorator';

/** Body of `POST /v1/documents`. class-validator runs decorators bottom-up: the type check first. */
export class CreateDocumentDto {
  @ApiPropertyOptional({
    description: `Document id, unique within its collection (1-${MAX_DOCUMENT_ID_CHARS} characters); a random UUID when omitted. Posting an existing id replaces the document.`,
    example: 'handbook-chapter-1',
  })
  @IsOptional()
  @Length(1, MAX_DOCUMENT_ID_CHARS, { message: `id must be 1 to ${MAX_DOCUMENT_ID_CHARS} characters` })
  @IsString({ message: 'id must be a string' })
  id?: string;

  @ApiProperty({ description: `Full text of the document (at most ${MAX_DOCUMENT_CHARS} characters); chunked with CHUNK_SIZE / CHUNK_OVERLAP.` })
  @MaxLength(MAX_DOCUMENT_CHARS, { message: `text must be at most ${MAX_DOCUMENT_CHARS} characters` })
  @Matches(/\S/, { message: 'text must not be empty or only whitespace' })
  @IsString({ message: 'text must be a string' })
  text!: string;

  @ApiPropertyOptional({
    description: 'JSON object stored with the document; retrieval filters match its top-level keys.',
    type: 'object',
    additionalProperties: true,
    example: { topic: 'cooking', year: 2024 },
  })
  @IsOptional()
  @IsJsonObject()
  metadata?: Record<string, unknown>;

  @ApiPropertyOptional({ description: `Collection (1-${MAX_COLLECTION_CHARS} characters).`, default: 'default' })
  @IsOptional()
  @Length(1, MAX_COLLECTION_CHARS, { message: `collection must be 1 to ${MAX_COLLECTION_CHARS} characters` })
  @IsString({ message: 'collection must be a string' })
  collection?: string;
}
