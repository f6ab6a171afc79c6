import type { Cluster } from 'ioredis';
import type { CacheClient } from '../interfaces/cache-client.interface';
import { keySlot } from '../utils/key-slot.util';

/** Keys that one node serves, with their positions in the caller's list. */
export interface KeyGroup {
  readonly keys: string[];
  readonly indexes: number[];
}

/** Whether the client is a Redis Cluster client. */
export function isCluster(client: CacheClient): client is Cluster {
  return (client as Cluster).isCluster === true;
}

/**
 * Splits `keys` into one group per node, so that each group can go in one pipeline: a single
 * group for a standalone client; on a cluster, groups by the node set serving each key's slot
 * (the grouping ioredis itself requires of a cluster pipeline). No hash tags are involved, so
 * keys stay spread over every master.
 */
export function groupKeysByNode(client: CacheClient, keys: readonly string[]): KeyGroup[] {
  if (!isCluster(client)) return [{ keys: [...keys], indexes: keys.map((_, i) => i) }];
  const groups = new Map<string, KeyGroup>();
  keys.forEach((key, i) => {
    const node = client.slots[keySlot(key)]?.join(';') ?? '';
    let group = groups.get(node);
    if (!group) {
      group = { keys: [], indexes: [] };
      groups.set(node, group);
    }
    group.keys.push(key);
    group.indexes.push(i);
  });
  return [...groups.values()];
}
