import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBadGatewayResponse, ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CreateEmbeddingsDto } from './dto/create-embeddings.dto';
import { EmbeddingsResponseDto } from './dto/embeddings-response.dto';
import { EmbeddingsService } from './embeddings.service';

/** Header telling how many inputs came from the cache. */
export const CACHE_HEADER = 'X-Embedding-Cache';

/** OpenAI-compatible embeddings endpoint: point any OpenAI client's base URL at `/v1`. */
@ApiTags('embeddings')
@Controller('v1/embeddings')
export class EmbeddingsController {
  constructor(private readonly embeddings: EmbeddingsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Create embeddings (OpenAI-compatible), served through the shared cache' })
  @ApiOkResponse({ type: EmbeddingsResponseDto, description: `Header ${CACHE_HEADER}: hits=<n>; misses=<m>` })
  @ApiBadRequestResponse({ description: 'Invalid input; the message names the field' })
  @ApiPayloadTooLargeResponse({ description: 'Body over 10 MB' })
  @ApiBadGatewayResponse({ description: "The embedding provider failed; nothing was cached" })
  async create(@Body() dto: CreateEmbeddingsDto, @Res({ passthrough: true }) res: Response): Promise<EmbeddingsResponseDto> {
    const { response, hits, misses } = await this.embeddings.embed(dto);
    res.setHeader(CACHE_HEADER, `hits=${hits}; misses=${misses}`);
    return response;
  }
}
