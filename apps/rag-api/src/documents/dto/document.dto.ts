import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Answer of `POST /v1/documents`: 202 when queued (`jobId` set), 201 when processed inline. */
export class DocumentAcceptedDto {
  @ApiProperty({ description: 'Document id (the given one, or a new UUID).' })
  id!: string;

  @ApiProperty()
  collection!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Id of the ingestion job; null when processed inline (the queue was unreachable).' })
  jobId!: string | null;

  @ApiProperty({
    enum: ['pending', 'ready', 'deleted', 'superseded'],
    description: "'pending' when queued; inline: 'ready', or 'deleted' / 'superseded' when a DELETE or a newer POST of the document came first",
  })
  state!: string;

  @ApiPropertyOptional({ description: 'Chunks stored (inline processing only).' })
  chunkCount?: number;
}

/** Answer of `GET /v1/documents/:id`. */
export class DocumentDto {
  @ApiProperty() id!: string;
  @ApiProperty() collection!: string;
  @ApiProperty({ enum: ['pending', 'processing', 'ready', 'failed'] }) state!: string;
  @ApiProperty({ description: 'Chunks stored by the last successful ingestion.' }) chunkCount!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Why the last ingestion failed.' }) error!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      "The metadata of the latest POST: from the moment it is accepted (pending, processing, or failed), while retrieval keeps the served chunks' metadata until the new chunks replace them.",
  })
  metadata!: Record<string, unknown>;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
