import { Controller, Get, Param, Query } from '@nestjs/common';
import { IsOptional, IsString } from 'class-validator';
import { allowedQueryKeys } from './allowed-query-keys.util';

class PageQuery {
  @IsOptional()
  @IsString()
  cursor?: string;

  @IsOptional()
  @IsString()
  limit?: string;
}

@Controller('things')
class ThingsController {
  @Get()
  list(@Query() query: PageQuery): PageQuery {
    return query;
  }

  @Get(':id')
  get(@Param('id') id: string, @Query('expand') expand?: string): string {
    return `${id} ${expand}`;
  }

  @Get('plain')
  plain(): string {
    return 'plain';
  }

  @Get('loose')
  loose(@Query() query: Record<string, string>): Record<string, string> {
    return query;
  }
}

describe('allowedQueryKeys', () => {
  it.each([
    ['list', ['cursor', 'limit']],
    ['get', ['expand']],
    ['plain', []],
    ['loose', []],
  ])('%s declares %j', (handler, keys) => {
    expect([...allowedQueryKeys(ThingsController, handler)].sort()).toEqual(keys);
  });
});
