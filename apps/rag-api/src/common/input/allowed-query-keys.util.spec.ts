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
  list(@Query() _query: PageQuery): void {}

  @Get(':id')
  get(@Param('id') _id: string, @Query('expand') _expand?: string): void {}

  @Get('plain')
  plain(): void {}

  @Get('loose')
  loose(@Query() _query: Record<string, string>): void {}
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
