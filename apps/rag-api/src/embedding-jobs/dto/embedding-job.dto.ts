import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { EMBED_TEXTS_JOB, INGEST_DOCUMENT_JOB } from '@rag/embedding-jobs';

const JOB_STATES = ['waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized', 'waiting-children', 'unknown'];

/** Answer of `POST /v1/embedding-jobs`. */
export class EmbeddingJobCreatedDto {
  @ApiProperty()
  id!: string;
}

/** Summary of a finished `embed-texts` job. */
export class EmbedTextsSummaryDto {
  @ApiProperty({ description: 'Texts in the job.' }) total!: number;
  @ApiProperty({ description: 'Texts answered from the cache.' }) hits!: number;
  @ApiProperty({ description: 'Texts sent to the provider by the process that ran the job.' }) computed!: number;
  @ApiProperty({ description: 'Texts of batches the provider rejected for good (4xx other than 429).' }) failed!: number;
}

/** Summary of a finished `ingest-document` job. */
export class IngestDocumentSummaryDto {
  @ApiProperty({
    enum: ['ingested', 'unchanged', 'deleted', 'superseded'],
    description:
      'ingested: chunks embedded and stored; unchanged: same text, chunking and model as stored (no embedding call); ' +
      'deleted / superseded: the document was deleted, or posted again, before the job could store it (nothing stored).',
  })
  outcome!: 'ingested' | 'unchanged' | 'deleted' | 'superseded';

  @ApiProperty() collection!: string;
  @ApiProperty() documentId!: string;
  @ApiProperty({ description: 'Chunks the document now has.' }) chunks!: number;
  @ApiProperty({ description: 'Chunks whose embedding came from the cache.' }) hits!: number;
  @ApiProperty({ description: 'Chunks sent to the provider by the process that ran the job.' }) computed!: number;
}

/** Fields every job answer has, whatever its kind. */
abstract class EmbeddingJobFieldsDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: JOB_STATES })
  state!: string;

  @ApiProperty({ description: 'Share of the items (texts, or chunks of the document) processed, 0-100.' })
  progress!: number;

  @ApiProperty({ type: String, nullable: true, description: 'Why the last attempt failed; null unless it did.' })
  failedReason!: string | null;

  @ApiProperty()
  attemptsMade!: number;
}

/** `GET /v1/embedding-jobs/:id` of an `embed-texts` job (`POST /v1/embedding-jobs`). */
export class EmbedTextsJobDto extends EmbeddingJobFieldsDto {
  @ApiProperty({ enum: [EMBED_TEXTS_JOB], description: 'Kind of job; names the shape of `summary`.' })
  name!: typeof EMBED_TEXTS_JOB;

  @ApiProperty({ description: 'Texts in the job.' })
  total!: number;

  @ApiProperty({ type: EmbedTextsSummaryDto, nullable: true, description: 'Set once the job has completed.' })
  summary!: EmbedTextsSummaryDto | null;
}

/** `GET /v1/embedding-jobs/:id` of an `ingest-document` job (`POST /v1/documents`). */
export class IngestDocumentJobDto extends EmbeddingJobFieldsDto {
  @ApiProperty({ enum: [INGEST_DOCUMENT_JOB], description: 'Kind of job; names the shape of `summary`.' })
  name!: typeof INGEST_DOCUMENT_JOB;

  @ApiProperty({
    description: "Chunks of the document (its text cut with the store's CHUNK_SIZE / CHUNK_OVERLAP); 0 until the job has cut the text.",
  })
  total!: number;

  @ApiProperty({ type: IngestDocumentSummaryDto, nullable: true, description: 'Set once the job has completed.' })
  summary!: IngestDocumentSummaryDto | null;
}

/** Answer of `GET /v1/embedding-jobs/:id`: one shape per job `name`. */
export type EmbeddingJobDto = EmbedTextsJobDto | IngestDocumentJobDto;

/** The OpenAPI schema of `EmbeddingJobDto`: a union discriminated by `name` (register both classes with `ApiExtraModels`). */
export const EMBEDDING_JOB_SCHEMA: SchemaObject = {
  oneOf: [{ $ref: getSchemaPath(EmbedTextsJobDto) }, { $ref: getSchemaPath(IngestDocumentJobDto) }],
  discriminator: {
    propertyName: 'name',
    mapping: { [EMBED_TEXTS_JOB]: getSchemaPath(EmbedTextsJobDto), [INGEST_DOCUMENT_JOB]: getSchemaPath(IngestDocumentJobDto) },
  },
};
