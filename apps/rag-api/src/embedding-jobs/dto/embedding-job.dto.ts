import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Answer of `POST /v1/embedding-jobs`. */
export class EmbeddingJobCreatedDto {
  @ApiProperty()
  id!: string;
}

/** Summary of a finished job. */
export class EmbeddingJobSummaryDto {
  @ApiProperty() total!: number;
  @ApiProperty() hits!: number;
  @ApiProperty() computed!: number;
  @ApiProperty() failed!: number;
}

/** Answer of `GET /v1/embedding-jobs/:id`. */
export class EmbeddingJobDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: ['embed-texts', 'ingest-document'], description: 'Kind of job: texts to embed, or a document to ingest (POST /v1/documents).' })
  name!: string;

  @ApiProperty({ enum: ['waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized', 'waiting-children', 'unknown'] })
  state!: string;

  @ApiProperty({ description: 'Share of the texts processed, 0-100.' })
  progress!: number;

  @ApiProperty({ description: 'Texts in the job.' })
  total!: number;

  @ApiPropertyOptional({
    type: EmbeddingJobSummaryDto,
    nullable: true,
    description: 'embed-texts: { total, hits, computed, failed }; ingest-document: { outcome, collection, documentId, chunks, hits, computed }.',
  })
  summary!: EmbeddingJobSummaryDto | Record<string, unknown> | null;

  @ApiPropertyOptional({ nullable: true })
  failedReason!: string | null;

  @ApiProperty()
  attemptsMade!: number;
}
