import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { EmbeddingCacheModuleOptions } from './interfaces/embedding-cache-options.interface';

export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } =
  new ConfigurableModuleBuilder<EmbeddingCacheModuleOptions>({ moduleName: 'EmbeddingCache' })
    .setClassMethodName('forRoot')
    .setExtras({ isGlobal: false }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
    .build();
