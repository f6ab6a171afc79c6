import { ApiProperty } from '@nestjs/swagger';

/** One retrieved chunk. */
export class RetrievedChunkDto {
  @ApiProperty() documentId!: string;
  @ApiProperty({ description: '`<documentId>#<ordinal>`' }) chunkId!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ description: 'Cosine similarity to the query (1 = same direction); results are sorted by it, highest first.' }) score!: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata!: Record<string, unknown>;
}

/** Answer of `POST /v1/retrieve`. */
export class RetrieveResponseDto {
  @ApiProperty({ type: [RetrievedChunkDto] })
  results!: RetrievedChunkDto[];
}
