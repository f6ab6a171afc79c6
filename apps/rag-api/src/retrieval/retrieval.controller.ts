import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBadGatewayResponse, ApiBadRequestResponse, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CACHE_HEADER } from '../embeddings/embeddings.controller';
import { RetrieveDto } from './dto/retrieve.dto';
import { RetrieveResponseDto } from './dto/retrieve-response.dto';
import { RetrievalService } from './retrieval.service';

/** k-nearest chunks for a query, the query embedded through the shared cache. */
@ApiTags('retrieval')
@Controller('v1/retrieve')
export class RetrievalController {
  constructor(private readonly retrieval: RetrievalService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Retrieve the chunks nearest to a query (cosine), optionally filtered by metadata' })
  @ApiOkResponse({ type: RetrieveResponseDto, description: `Header ${CACHE_HEADER}: hits=<n>; misses=<m> for the query embedding` })
  @ApiBadRequestResponse({ description: 'Invalid body; the message names the field' })
  @ApiConflictResponse({ description: 'The collection holds vectors of other dimensions' })
  @ApiBadGatewayResponse({ description: 'The embedding provider failed' })
  async retrieve(@Body() dto: RetrieveDto, @Res({ passthrough: true }) res: Response): Promise<RetrieveResponseDto> {
    const { response, hits, misses } = await this.retrieval.retrieve(dto);
    res.setHeader(CACHE_HEADER, `hits=${hits}; misses=${misses}`);
    return response;
  }
}
