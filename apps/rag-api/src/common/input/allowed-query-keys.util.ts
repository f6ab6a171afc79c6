import type { Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { getMetadataStorage } from 'class-validator';

/** One entry of Nest's route-arguments metadata, keyed `"<RouteParamtypes>:<index>"`. */
interface RouteArgument {
  index: number;
  data?: unknown;
}

/**
 * The query parameters a route handler declares: the name of each `@Query('name')`, and the
 * validated properties of each `@Query()` DTO class. A route without `@Query` takes none, and a
 * `@Query()` typed as a plain object declares nothing: unknown parameters are refused unless
 * declared, so a route added later cannot silently accept them.
 */
export function allowedQueryKeys(controller: Type<unknown>, handler: string): ReadonlySet<string> {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {}) as Record<string, RouteArgument>;
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, handler) ?? []) as unknown[];
  const keys = new Set<string>();
  for (const [key, arg] of Object.entries(args)) {
    if (Number(key.split(':')[0]) !== RouteParamtypes.QUERY) continue;
    if (typeof arg.data === 'string') keys.add(arg.data);
    const type = types[arg.index];
    if (arg.data === undefined && typeof type === 'function') {
      for (const rule of getMetadataStorage().getTargetValidationMetadatas(type, '', true, false)) keys.add(rule.propertyName);
    }
  }
  return keys;
}
