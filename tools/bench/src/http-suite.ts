import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { FakeOpenAIServer } from '@rag/embeddings/testing';
import { freePort, spawnApp } from '@rag/test-utils';
import type { SpawnedApp, TestRedisServer } from '@rag/test-utils';
import type { FloorRoute } from './http-floor';
import { syntheticText } from './synthetic-text';

/** Options of the HTTP suite. */
export interface HttpSuiteOptions {
  /** Seconds of one autocannon run of one target in one round. */
  secondsPerRound: number;
  /** Rounds; each round runs every target once, in alternating order. */
  rounds: number;
  connections: number;
}

/** One measured target: a rag-api request or the floor answering the same bytes. */
export interface HttpRow {
  name: string;
  /** Median over rounds. */
  requestsPerSecond: number;
  /** Medians over rounds of each round's p50 and p99, in milliseconds. */
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  /** CPU time (user + system) of the serving process per request, in µs, over all rounds; NaN where /proc is not readable. */
  cpuMicrosPerRequest: number;
  /** Floor row of the same response bytes, for a rag-api row. */
  floor?: HttpRow;
  /** Response body bytes. */
  responseBytes: number;
}

/** What the suite measured, and the machine's load while it ran. */
export interface HttpSuiteResult {
  embeddings: HttpRow[];
  retrieve: HttpRow[];
  floors: HttpRow[];
  loadBefore: number[];
  loadAfter: number[];
}

interface Target {
  name: string;
  /** Process answering it. */
  pid: number;
  url: string;
  path: string;
  body: string;
  /** Bodies sent instead of `body`, one picked at random for each request (its first is `body`). */
  bodies?: readonly string[];
  /** Floor answering this target's response (targets with the same bytes share one). */
  floorKey: string;
}

const texts = (n: number, tag: string): string[] => Array.from({ length: n }, (_, i) => `${tag} query number ${i}: how does the shared embedding cache behave?`);
const POST = { method: 'POST' as const, headers: { 'content-type': 'application/json' } };

async function post(url: string, body: string): Promise<Response> {
  const res = await fetch(url, { ...POST, body });
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  return res;
}

/** Starts the floor process with the routes, resolves with its base URL. */
async function startFloor(routes: Record<string, FloorRoute>): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(join(__dirname, 'http-floor.ts'), [], { execArgv: ['-r', '@swc-node/register'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`http floor exited (${code})`)));
    child.send({ routes });
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

/** CPU time (user + system) of process `pid` so far in µs, from /proc (Linux); NaN elsewhere. */
function cpuMicros(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/** USER_HZ of /proc/<pid>/stat: 100 on every Linux kernel built for x86 and arm64. */
const CLOCK_TICKS = 100;

interface Measured {
  result: autocannon.Result;
  cpuMicros: number;
}

async function run(url: string, body: string, pid: number, options: HttpSuiteOptions, bodies?: readonly string[]): Promise<Measured> {
  const before = cpuMicros(pid);
  const result = await autocannon({ url, ...POST, body, connections: options.connections, duration: options.secondsPerRound, requests: variedRequests(bodies) });
  return { result, cpuMicros: cpuMicros(pid) - before };
}

/**
 * autocannon requests that send one of `bodies` picked at random each time (so that the 10
 * connections, which would go through a list in step, seldom send the same body at once), or
 * `undefined` for the one body of the run.
 */
export function variedRequests(bodies: readonly string[] | undefined): autocannon.Request[] | undefined {
  if (bodies === undefined) return undefined;
  return [{ method: 'POST', setupRequest: (req) => ({ ...req, body: bodies[Math.floor(Math.random() * bodies.length)] }) }];
}

/** Posts each of `bodies` three times (a miss, a Redis hit, then from memory), so that every one is answered from memory after. */
export async function warmBodies(url: string, bodies: readonly string[] | undefined): Promise<void> {
  for (let pass = 0; pass < 3; pass += 1) for (const body of bodies ?? []) await post(url, body);
}

/** `count` bodies of 16 texts each from a pool of `count` texts (body i: texts i … i + 15), every one a different combination. */
export function variedBodies(count: number, format: 'float' | 'base64'): string[] {
  const pool = texts(count, 'varied');
  return Array.from({ length: count }, (_, i) => JSON.stringify({ input: Array.from({ length: 16 }, (_, j) => pool[(i + j) % count]), encoding_format: format }));
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function summarise(name: string, measured: Measured[], responseBytes: number): HttpRow {
  const results = measured.map((m) => m.result);
  const requests = results.reduce((sum, r) => sum + r.requests.total, 0);
  return {
    name,
    cpuMicrosPerRequest: measured.reduce((sum, m) => sum + m.cpuMicros, 0) / requests,
    requestsPerSecond: median(results.map((r) => r.requests.average)),
    latencyP50Ms: median(results.map((r) => r.latency.p50)),
    latencyP99Ms: median(results.map((r) => r.latency.p99)),
    non2xx: results.reduce((sum, r) => sum + r.non2xx + r.errors, 0),
    responseBytes,
  };
}

/**
 * rag-api's HTTP hot paths against a bare `node:http` floor, measured in one run and interleaved:
 * every round runs each target (rag-api requests and the floor's answers of the same bytes) for
 * `secondsPerRound`, alternating the order every round, so that the machine's drift (other jobs
 * on its 2 cores) falls on all targets alike; rows give the medians over rounds.
 *
 * rag-api processes (all started before measuring, on one Redis): the local provider (384 dims,
 * sparse vectors) with the default cache (L1 + Redis), the same with the L1 off, the same with the
 * cache off, and the openai provider pointed at a loopback `FakeOpenAIServer` answering dense
 * 1536-dim vectors (like text-embedding-3-small). Every text is cached before measuring (except on
 * the cache-off process). `POST /v1/retrieve` runs on the local process over a small corpus ingested
 * through `POST /v1/documents`; its query embedding is cached.
 */
export async function runHttpSuite(redis: TestRedisServer, options: HttpSuiteOptions): Promise<HttpSuiteResult> {
  const loadBefore = loadavg();
  const fake = await FakeOpenAIServer.start({ dimensions: 1536, dense: true });
  const apps: SpawnedApp[] = [];
  const floors: Array<{ child: ChildProcess }> = [];
  const sinks: Server[] = [];
  const spawnRagApi = async (env: Record<string, string>): Promise<{ url: string; pid: number }> => {
    const port = await freePort();
    const app = await spawnApp(
      'apps/rag-api/src/main.ts',
      { REDIS_URL: redis.url, OPENAI_API_KEY: '', EMBEDDING_PROVIDER: 'local', PORT: String(port), LOG_LEVEL: 'warn', JOBS_IN_PROCESS: 'false', VECTOR_STORE_PATH: 'memory://', ...env },
      `http://127.0.0.1:${port}/health/live`,
    );
    apps.push(app);
    return { url: app.url, pid: app.process.pid ?? 0 };
  };
  try {
    const local = await spawnRagApi({});
    const localL1Off = await spawnRagApi({ REDIS_EMBEDDING_CACHE_L1_MAX_MB: '0' });
    const localCacheOff = await spawnRagApi({ REDIS_EMBEDDING_CACHE_ENABLED: 'false' });
    const localFullStack = await spawnRagApi({ HTTP_FAST_PATH: 'false' });
    const localInfo = await spawnRagApi({ LOG_LEVEL: 'info' });
    const traceSink = await startTraceSink();
    sinks.push(traceSink.server);
    const localTraced = await spawnRagApi({ OTEL_EXPORTER_OTLP_ENDPOINT: traceSink.url });
    const dense = await spawnRagApi({
      EMBEDDING_PROVIDER: 'openai',
      OPENAI_API_KEY: 'sk-bench',
      OPENAI_BASE_URL: fake.baseURL,
      EMBEDDING_MODEL: 'text-embedding-3-small',
      EMBEDDING_DIMENSIONS: '1536',
    });
    // Documents for retrieval, ingested inline (no job processor, PGlite): 100 of ~6 chunks.
    for (let d = 0; d < 100; d += 1) {
      await fetch(`${local.url}/v1/documents`, { ...POST, body: JSON.stringify({ id: `bench-${d}`, text: syntheticText(d, 24), metadata: { n: d % 10 } }) });
    }
    const embed = (input: string[], format: 'float' | 'base64'): string => JSON.stringify({ input, encoding_format: format });
    const sixteen = texts(16, 'benchmark');
    const bulk = texts(256, 'bulk');
    const varied = variedBodies(256, 'float');
    const targets: Target[] = [
      { name: '16 cached texts, float, 384 dims (local provider), L1 + Redis', url: local.url, pid: local.pid, path: '/v1/embeddings', body: embed(sixteen, 'float'), floorKey: 'float 384' },
      {
        name: '16 cached texts, float, 384 dims, L1 + Redis, another body each request (one of 256 combinations, at random)',
        url: local.url,
        pid: local.pid,
        path: '/v1/embeddings',
        body: varied[0],
        bodies: varied,
        // A floor of its own, sent the same bodies: picking one per request costs autocannon too.
        floorKey: 'float 384, another body each request',
      },
      { name: '16 cached texts, base64, 384 dims (local provider), L1 + Redis', url: local.url, pid: local.pid, path: '/v1/embeddings', body: embed(sixteen, 'base64'), floorKey: 'base64 384' },
      { name: '16 cached texts, float, 1536 dims dense (openai provider), L1 + Redis', url: dense.url, pid: dense.pid, path: '/v1/embeddings', body: embed(sixteen, 'float'), floorKey: 'float 1536' },
      { name: '16 cached texts, base64, 1536 dims dense (openai provider), L1 + Redis', url: dense.url, pid: dense.pid, path: '/v1/embeddings', body: embed(sixteen, 'base64'), floorKey: 'base64 1536' },
      { name: '256 cached texts, base64, 1536 dims dense (openai provider), L1 + Redis', url: dense.url, pid: dense.pid, path: '/v1/embeddings', body: embed(bulk, 'base64'), floorKey: 'base64 1536 × 256' },
      { name: '16 cached texts, float, 384 dims, L1 + Redis, LOG_LEVEL=info (a log line per request)', url: localInfo.url, pid: localInfo.pid, path: '/v1/embeddings', body: embed(sixteen, 'float'), floorKey: 'float 384' },
      { name: '16 cached texts, float, 384 dims, L1 + Redis, HTTP_FAST_PATH=false (Express and Nest)', url: localFullStack.url, pid: localFullStack.pid, path: '/v1/embeddings', body: embed(sixteen, 'float'), floorKey: 'float 384' },
      { name: '16 cached texts, float, 384 dims, tracing on (OTLP to a loopback sink)', url: localTraced.url, pid: localTraced.pid, path: '/v1/embeddings', body: embed(sixteen, 'float'), floorKey: 'float 384' },
      { name: '16 cached texts, float, 384 dims, Redis only (L1 off)', url: localL1Off.url, pid: localL1Off.pid, path: '/v1/embeddings', body: embed(sixteen, 'float'), floorKey: 'float 384' },
      { name: '16 texts, float, 384 dims, cache off (local provider computes)', url: localCacheOff.url, pid: localCacheOff.pid, path: '/v1/embeddings', body: embed(sixteen, 'float'), floorKey: 'float 384' },
      {
        name: 'retrieve, topK 5, query embedding cached (L1), PGlite HNSW over ~600 chunks',
        url: local.url,
        pid: local.pid,
        path: '/v1/retrieve',
        body: JSON.stringify({ query: 'how does the cache behave when the server is loaded?', topK: 5 }),
        floorKey: 'retrieve',
      },
    ];
    // Warm: caches every text, the JIT of every path, and records the answer the floor will give.
    const routes: Record<string, FloorRoute> = {};
    const bytes = new Map<string, number>();
    for (const target of targets) {
      let res: Response | undefined;
      let body = Buffer.alloc(0);
      await warmBodies(`${target.url}${target.path}`, target.bodies);
      for (let i = 0; i < 100; i += 1) {
        res = await post(`${target.url}${target.path}`, target.body);
        body = Buffer.from(await res.arrayBuffer());
      }
      bytes.set(target.name, body.length);
      if (!routes[`/${encodeURIComponent(target.floorKey)}`]) {
        const headers: Record<string, string> = { 'content-type': res?.headers.get('content-type') ?? 'application/json' };
        for (const name of ['x-embedding-cache', 'x-request-id']) headers[name] = res?.headers.get(name) ?? '';
        routes[`/${encodeURIComponent(target.floorKey)}`] = { body: body.toString('base64'), headers };
        bytes.set(target.floorKey, body.length);
      }
    }
    const floor = await startFloor(routes);
    floors.push(floor);
    const floorKeys = [...new Set(targets.map((t) => t.floorKey))];
    // Each floor runs next to the rows compared with it; the order is reversed every other round.
    const floorUrl = (key: string): string => `${floor.url}/${encodeURIComponent(key)}`;
    const order = floorKeys.flatMap((key) => {
      const mine = targets.filter((t) => t.floorKey === key);
      return [
        { key: `floor ${key}`, url: floorUrl(key), body: mine[0].body, bodies: mine[0].bodies, pid: floor.child.pid ?? 0 },
        ...mine.map((t) => ({ key: t.name, url: `${t.url}${t.path}`, body: t.body, bodies: t.bodies, pid: t.pid })),
      ];
    });
    const results = new Map<string, Measured[]>(order.map((m) => [m.key, []]));
    for (let round = 0; round < options.rounds; round += 1) {
      const sequence = round % 2 === 0 ? order : [...order].reverse();
      for (const m of sequence) results.get(m.key)?.push(await run(m.url, m.body, m.pid, options, m.bodies));
    }
    const floorRows = new Map(floorKeys.map((key) => [key, summarise(`bare node:http floor (${key})`, results.get(`floor ${key}`) ?? [], bytes.get(key) ?? 0)]));
    const rows = targets.map((t) => ({ ...summarise(t.name, results.get(t.name) ?? [], bytes.get(t.name) ?? 0), floor: floorRows.get(t.floorKey) }));
    return {
      embeddings: rows.filter((_, i) => targets[i].path === '/v1/embeddings'),
      retrieve: rows.filter((_, i) => targets[i].path === '/v1/retrieve'),
      floors: [...floorRows.values()],
      loadBefore,
      loadAfter: loadavg(),
    };
  } finally {
    for (const f of floors) f.child.kill('SIGTERM');
    for (const sink of sinks) sink.close();
    for (const app of apps) app.kill('SIGTERM');
    await Promise.all(apps.map((app) => app.exited));
    await fake.close();
  }
}

/**
 * An OTLP/HTTP endpoint that takes every export and answers 200 (what a collector does, minus the
 * work), so that the traced row measures rag-api's side of tracing alone. A dozen lines: no
 * package offers a no-op OTLP receiver.
 */
async function startTraceSink(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
