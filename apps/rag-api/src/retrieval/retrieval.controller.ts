import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequiresPermission } from '../auth/requires-permission.decorator';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { CACHE_HEADER, cacheHeader } from '../common/cache-header.util';
import { EMBEDDING_CACHE_HEADER, JSON_BODY_ERRORS, UNEXPECTED_ERROR, VECTOR_STORE_DOWN } from '../common/openapi.constants';
import { RetrieveDto } from './dto/retrieve.dto';
import { RetrieveResponseDto } from './dto/retrieve-response.dto';
import { RetrievalService } from './retrieval.service';

/** k-nearest chunks for a query, the query embedded through the shared cache. */
@ApiTags('retrieval')
@Controller('v1/retrieve')
export class RetrievalController {
  constructor(private readonly retrieval: RetrievalService) {}

  @Post()
  @RequiresPermission('read', 'body')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retrieve the chunks nearest to a query (cosine), optionally filtered by metadata' })
  @ApiOkResponse({ type: RetrieveResponseDto, description: `Nearest chunks first; ${CACHE_HEADER} counts the query embedding`, headers: EMBEDDING_CACHE_HEADER })
  @ApiErrorResponses({
    ...JSON_BODY_ERRORS,
    409: 'The collection holds vectors of other dimensions (code dimension_mismatch)',
    502: 'The embedding provider failed or returned an invalid vector (code provider_error)',
    ...VECTOR_STORE_DOWN,
    ...UNEXPECTED_ERROR,
  })
  async retrieve(@Body() dto: RetrieveDto, @Res({ passthrough: true }) res: Response): Promise<RetrieveResponseDto> {
    const { response, hits, misses } = await this.retrieval.retrieve(dto);
    res.setHeader(CACHE_HEADER, cacheHeader(hits, misses));
    return response;
  }
}
