import { SetMetadata } from '@nestjs/common';
import { PUBLIC_ROUTE } from './auth.constants';

/** Marks a route open without a key even when `RAG_API_KEYS_FILE` is set (liveness and readiness only). */
export const PublicRoute = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);
