import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { EmbeddingsModuleOptions } from './interfaces/embeddings-module-options.interface';

/** `EmbeddingsModule`'s base class (`forRoot` / `forRootAsync`, `isGlobal` extra) and options token. */
export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } =
  new ConfigurableModuleBuilder<EmbeddingsModuleOptions>({ moduleName: 'Embeddings' })
    .setClassMethodName('forRoot')
    .setExtras({ isGlobal: false }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
    .build();
