import { ApiProperty } from '@nestjs/swagger';
import { ModelDto } from './model.dto';

/** Response of `GET /v1/models`, as in the OpenAI models API. */
export class ModelListDto {
  @ApiProperty({ enum: ['list'] })
  object!: 'list';

  @ApiProperty({ type: [ModelDto], description: 'The served model first, then each alias of EMBEDDING_MODEL_ALIASES.' })
  data!: ModelDto[];
}
