import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { MAX_COLLECTION_CHARS } from '../documents.constants';

/** `?collection=` of `GET` / `DELETE /v1/documents/:id`. */
export class CollectionQueryDto {
  @ApiPropertyOptional({ description: 'Collection of the document.', default: 'default' })
  @IsOptional()
  @Length(1, MAX_COLLECTION_CHARS, { message: `collection must be 1 to ${MAX_COLLECTION_CHARS} characters` })
  @IsString({ message: 'collection must be a string' })
  collection?: string;
}
