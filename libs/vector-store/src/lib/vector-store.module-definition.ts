import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { VectorStoreModuleOptions } from './interfaces/vector-store-module-options.interface';

/** `VectorStoreModule`'s base class (`forRoot` / `forRootAsync`, `isGlobal` extra) and options token. */
export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } =
  new ConfigurableModuleBuilder<VectorStoreModuleOptions>({ moduleName: 'VectorStore' })
    .setClassMethodName('forRoot')
    .setExtras({ isGlobal: false }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
    .build();
