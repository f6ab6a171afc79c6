import type { Logger } from '@nestjs/common';

/** Where the configuration loader and the provider definitions report what they chose; replaceable in tests. */
export type ConfigLogger = Pick<Logger, 'log' | 'warn'>;
