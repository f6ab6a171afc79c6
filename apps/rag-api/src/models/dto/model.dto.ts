import { ApiProperty } from '@nestjs/swagger';

/** One model this server answers to, as in the OpenAI models API. */
export class ModelDto {
  @ApiProperty({ description: 'Model name to send as `model`: the served model or one of its aliases.', example: 'local-hash-v1' })
  id!: string;

  @ApiProperty({ enum: ['model'] })
  object!: 'model';

  @ApiProperty({ description: 'Unix time (seconds) at which this rag-api process started; the same for every model.', example: 1_767_225_600 })
  created!: number;

  @ApiProperty({ description: 'Always rag-api, the server answering for the model.', example: 'rag-api' })
  owned_by!: string;
}
