import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { Response } from 'express';
import { AnyApiKey } from '../auth/any-key.decorator';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { INVALID_PARAMETERS } from '../common/openapi.constants';

/** `GET /metrics`: the Prometheus controller, with its OpenAPI description (it has none of its own). */
@ApiTags('metrics')
@AnyApiKey()
@Controller()
export class MetricsController extends PrometheusController {
  @Get()
  @ApiOperation({ summary: 'Prometheus metrics: cache, provider, HTTP, job and process' })
  // The 200 alone is text; the 400 is JSON like every error (`@ApiProduces` would say text for both).
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiErrorResponses(INVALID_PARAMETERS)
  override index(@Res({ passthrough: true }) response: Response): Promise<string> {
    return super.index(response);
  }
}
