import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequiresPermission } from '../auth/requires-permission.decorator';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { CACHE_HEADER, cacheHeader } from '../common/cache-header.util';
import { EMBEDDING_CACHE_HEADER, INVALID_INPUT, JSON_BODY_ERRORS, PROVIDER_BUSY, UNEXPECTED_ERROR } from '../common/openapi.constants';
import { CreateEmbeddingsDto } from './dto/create-embeddings.dto';
import { EmbeddingsResponseDto } from './dto/embeddings-response.dto';
import { EmbeddingsService } from './embeddings.service';

/** OpenAI-compatible embeddings endpoint: point any OpenAI client's base URL at `/v1`. */
@ApiTags('embeddings')
@RequiresPermission('embed')
@Controller('v1/embeddings')
export class EmbeddingsController {
  constructor(private readonly embeddings: EmbeddingsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Create embeddings (OpenAI-compatible), served through the shared cache' })
  @ApiOkResponse({ type: EmbeddingsResponseDto, description: 'One vector per input, in input order', headers: EMBEDDING_CACHE_HEADER })
  @ApiErrorResponses({
    ...JSON_BODY_ERRORS,
    400: `Invalid body: a field out of its rules, a model or dimensions this server does not serve, ${INVALID_INPUT}`,
    502: 'The embedding provider failed (code provider_error, with provider_status) or returned an invalid vector (NaN, ±Infinity, all zeros, wrong dims or count; provider_status null); nothing was cached',
    503: PROVIDER_BUSY,
    ...UNEXPECTED_ERROR,
  })
  async create(@Body() dto: CreateEmbeddingsDto, @Res() res: Response): Promise<void> {
    const { body, hits, misses } = await this.embeddings.embed(dto);
    // The body is JSON already (EmbeddingsService writes the vectors' cached wire form): it is
    // sent as bytes, as res.json would send it, without res.json's second stringify and its ETag
    // (a SHA-1 of up to 0.5 MB per response, and no HTTP cache keeps a POST answer).
    res.status(200);
    res.setHeader(CACHE_HEADER, cacheHeader(hits, misses));
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', body.length);
    res.end(body);
  }
}
