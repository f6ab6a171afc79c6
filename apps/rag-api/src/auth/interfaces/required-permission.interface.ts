import type { ApiPermission } from '../auth.constants';

/** Route metadata of `@RequiresPermission`. */
export interface RequiredPermission {
  /** The permission the key must have. */
  readonly permission: ApiPermission;
  /** Where the route names its collection (`collection` field of the body, or `?collection=`); none when it names none. */
  readonly collectionIn?: 'body' | 'query';
}
