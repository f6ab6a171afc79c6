import type { Cluster, Redis } from 'ioredis';
import { keySlot } from '../utils/key-slot.util';
import { groupKeysByNode, isCluster } from './group-keys-by-node.util';

/** A slot table like ioredis keeps: three masters with one replica each. */
function fakeCluster(): Cluster {
  const slots: string[][] = [];
  for (let slot = 0; slot < 16_384; slot += 1) {
    const master = slot < 5_461 ? 0 : slot < 10_923 ? 1 : 2;
    slots[slot] = [`127.0.0.1:700${master}`, `127.0.0.1:710${master}`];
  }
  return { isCluster: true, slots } as unknown as Cluster;
}

describe('groupKeysByNode', () => {
  const keys = Array.from({ length: 300 }, (_, i) => `embedding_cache:${i.toString(16).padStart(64, '0')}`);

  it('keeps every key in one group on a standalone client', () => {
    const client = { isCluster: false } as unknown as Redis;
    expect(isCluster(client)).toBe(false);
    expect(groupKeysByNode(client, keys)).toEqual([{ keys, indexes: keys.map((_, i) => i) }]);
  });

  it('groups by the node serving each slot on a cluster, keeping positions', () => {
    const cluster = fakeCluster();
    const groups = groupKeysByNode(cluster, keys);
    expect(groups).toHaveLength(3);
    expect(groups.flatMap((g) => g.indexes).sort((a, b) => a - b)).toEqual(keys.map((_, i) => i));
    for (const group of groups) {
      const nodes = new Set(group.keys.map((key) => cluster.slots[keySlot(key)][0]));
      expect(nodes.size).toBe(1);
      group.indexes.forEach((index, i) => expect(keys[index]).toBe(group.keys[i]));
    }
  });
});
