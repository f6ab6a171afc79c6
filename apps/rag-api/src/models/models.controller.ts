import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequiresPermission } from '../auth/requires-permission.decorator';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { INVALID_PARAMETERS, UNEXPECTED_ERROR } from '../common/openapi.constants';
import { ModelListDto } from './dto/model-list.dto';
import { ModelDto } from './dto/model.dto';
import { ModelsService } from './models.service';

/** OpenAI-compatible model discovery: what `model` a request may name here. */
@ApiTags('models')
@ApiErrorResponses({ ...INVALID_PARAMETERS, ...UNEXPECTED_ERROR })
@RequiresPermission('embed')
@Controller('v1/models')
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @Get()
  @ApiOperation({ summary: 'List the served model and its aliases (OpenAI-compatible)' })
  @ApiOkResponse({ type: ModelListDto })
  list(): ModelListDto {
    return this.models.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get one model by its exact name (OpenAI-compatible)' })
  @ApiParam({ name: 'id', description: 'The served model or an alias; URL-encode a name containing "/".', example: 'local-hash-v1' })
  @ApiOkResponse({ type: ModelDto })
  @ApiErrorResponses({ 404: 'No such model (code model_not_found, param model); names match exactly' })
  get(@Param('id') id: string): ModelDto {
    return this.models.get(id);
  }
}
