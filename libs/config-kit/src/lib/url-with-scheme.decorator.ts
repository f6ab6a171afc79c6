import { Validate } from 'class-validator';
import type { ValidationOptions } from 'class-validator';
import { UrlWithSchemeConstraint } from './url-with-scheme.constraint';

/**
 * A URL with a host and one of `schemes` (without `://`), e.g. `@UrlWithScheme(['redis', 'rediss'])`
 * fails with `$property must be a redis:// or rediss:// URL with a host`. Combine with
 * `@IsOptional()` for an optional variable.
 */
export function UrlWithScheme(schemes: readonly string[], options?: ValidationOptions): PropertyDecorator {
  return Validate(UrlWithSchemeConstraint, [schemes], options);
}
