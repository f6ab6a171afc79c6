/** A Redis node address. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

const ENTRY = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9_.-]+)):(\d{1,5})$/;

/**
 * Parses a comma-separated `host:port` list (`REDIS_EMBEDDING_CACHE_NODES`, `REDIS_SENTINELS`),
 * or an array of such entries. IPv6 hosts go in brackets (`[::1]:6379`); blanks around entries
 * and empty entries are ignored. Returns `undefined` if the list is empty or any entry is not
 * a host with a port from 1 to 65535.
 */
export function parseHostPortList(value: string | readonly string[]): HostPort[] | undefined {
  const entries = (typeof value === 'string' ? value.split(',') : [...value]).map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) return undefined;
  const parsed: HostPort[] = [];
  for (const entry of entries) {
    const match = ENTRY.exec(entry);
    const port = match ? Number(match[3]) : 0;
    if (!match || port < 1 || port > 65_535) return undefined;
    parsed.push({ host: match[1] ?? match[2], port });
  }
  return parsed;
}
