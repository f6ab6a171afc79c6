import { ApiProperty } from '@nestjs/swagger';

/** One vector of a response. */
export class EmbeddingDto {
  @ApiProperty({ enum: ['embedding'] })
  object!: 'embedding';

  @ApiProperty({ description: 'Position of the input this vector embeds.' })
  index!: number;

  @ApiProperty({
    description: 'The vector: numbers, or base64 of little-endian float32 bytes when encoding_format is base64.',
    oneOf: [{ type: 'array', items: { type: 'number' } }, { type: 'string' }],
  })
  embedding!: number[] | string;
}

/** Token counts (estimated at ~4 characters per token, cached inputs included). */
export class EmbeddingsUsageDto {
  @ApiProperty()
  prompt_tokens!: number;

  @ApiProperty()
  total_tokens!: number;
}

/** Response of `POST /v1/embeddings`, as in the OpenAI embeddings API. */
export class EmbeddingsResponseDto {
  @ApiProperty({ enum: ['list'] })
  object!: 'list';

  @ApiProperty({ type: [EmbeddingDto] })
  data!: EmbeddingDto[];

  @ApiProperty()
  model!: string;

  @ApiProperty({ type: EmbeddingsUsageDto })
  usage!: EmbeddingsUsageDto;
}
