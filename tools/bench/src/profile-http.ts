/**
 * Profiles one row of the HTTP suite (issue #18; tools/bench/PROFILE.md): spawns rag-api against
 * a private redis-server and the bare `node:http` floor answering rag-api's bytes, warms the texts,
 * then runs autocannon (10 connections) against the floor and rag-api in turn, and prints the
 * CPU µs per request of each (user and system, from /proc). `--perf FILE` records each run with
 * `perf record -g` (rag-api started with `--perf-basic-prof`, so JS frames have names) into
 * FILE.floor.N and FILE.rag-api.N; read them with `perf report --children --sort sym -i …`.
 * `--strace FILE` counts system calls per run instead (`strace -c`).
 *
 * Flags: --format float|base64 (float), --texts N (16), --seconds N (5), --rounds N (2), --dense (1536-dim openai
 *        provider behind a loopback fake), --path /v1/embeddings|/v1/retrieve, --env K=V (repeatable),
 *        --bodies N (N > 1: rag-api gets one of N bodies at random per request, each another combination of
 *        16 of N cached texts, as the suite's "another body each request" row; the floor gets the same bodies),
 *        --rate N (requests/s in all, for CPU per request at a fixed load: steadier than at saturation),
 *        --variant 'NAME:K=V,K=V' (repeatable: one more rag-api with these variables, measured in turn with the
 *        others, medians printed at the end; for A/B comparisons of a setting in one run),
 *        --node-flag F (repeatable: a flag for rag-api's node, e.g. --trace-deopt; rag-api's stdout is then shown).
 * Run: SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/bench/src/profile-http.ts
 */
import autocannon from 'autocannon';
import { fork, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FakeOpenAIServer } from '@rag/embeddings/testing';
import { WORKSPACE_ROOT, freePort, startRedisServer, waitForHttp } from '@rag/test-utils';
import { variedBodies, variedRequests, warmBodies } from './http-suite';
import { syntheticText } from './synthetic-text';

const { values } = parseArgs({
  options: {
    format: { type: 'string', default: 'float' },
    texts: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '2' },
    dense: { type: 'boolean', default: false },
    env: { type: 'string', multiple: true, default: [] },
    path: { type: 'string', default: '/v1/embeddings' },
    perf: { type: 'string' },
    strace: { type: 'string' },
    'node-flag': { type: 'string', multiple: true, default: [] },
    variant: { type: 'string', multiple: true, default: [] },
    bodies: { type: 'string', default: '1' },
    rate: { type: 'string' },
  },
});

const JSON_POST = { method: 'POST' as const, headers: { 'content-type': 'application/json' } };

/** User and system CPU time of `pid` so far, in µs (USER_HZ 100). */
function cpuOf(pid: number): { user: number; system: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { user: Number(fields[11]) * 1e4, system: Number(fields[12]) * 1e4 };
}

/** `perf record` or `strace -c` attached to `pid` while a run lasts, when asked for. */
function tracer(pid: number, file: string | undefined): ChildProcess | undefined {
  if (file === undefined) return undefined;
  const args = values.perf !== undefined ? ['record', '-F', '2999', '-g', '-o', file, '-p', String(pid)] : ['-c', '-f', '-o', file, '-p', String(pid)];
  return spawn(values.perf !== undefined ? 'perf' : 'strace', args, { stdio: 'ignore' });
}

async function measure(name: string, url: string, body: string, pid: number, traceFile: string | undefined, bodies?: readonly string[]): Promise<{ rps: number; cpu: number }> {
  const trace = tracer(pid, traceFile);
  if (trace) await new Promise((resolve) => setTimeout(resolve, 500));
  const before = cpuOf(pid);
  const r = await autocannon({ url, ...JSON_POST, body, connections: 10, duration: Number(values.seconds), requests: variedRequests(bodies), overallRate: values.rate === undefined ? undefined : Number(values.rate) });
  const after = cpuOf(pid);
  if (trace) {
    trace.kill('SIGINT');
    await new Promise((resolve) => trace.once('close', resolve));
  }
  const user = (after.user - before.user) / r.requests.total;
  const system = (after.system - before.system) / r.requests.total;
  console.log(`  ${name}: ${r.requests.average.toFixed(0)} rps, p99 ${r.latency.p99} ms, CPU ${(user + system).toFixed(0)} µs/request (user ${user.toFixed(0)}, system ${system.toFixed(0)})${traceFile ? `, ${traceFile}` : ''}`);
  return { rps: r.requests.average, cpu: user + system };
}

/** `K=V` as `[K, V]` (V may hold `=`). */
function keyAndValue(pair: string): [string, string] {
  return [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
}

/** rag-api as `spawnApp` starts it, with `--perf-basic-prof` when perf records it (NODE_OPTIONS does not allow the flag). */
async function startRagApi(env: Record<string, string>, port: number): Promise<{ child: ChildProcess; url: string; exited: Promise<unknown> }> {
  const flags = [...(values.perf !== undefined ? ['--perf-basic-prof'] : []), ...(values['node-flag'] as string[])];
  const child = spawn(process.execPath, [...flags, '-r', '@swc-node/register', join(WORKSPACE_ROOT, 'apps/rag-api/src/main.ts')], {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: join(WORKSPACE_ROOT, 'tsconfig.base.json'), ...env },
    stdio: ['ignore', (values['node-flag'] as string[]).length > 0 ? 'inherit' : 'ignore', 'inherit'],
  });
  const exited = new Promise<unknown>((resolve) => child.once('close', resolve));
  await waitForHttp(`http://127.0.0.1:${port}/health/live`, 60_000, exited);
  return { child, url: `http://127.0.0.1:${port}`, exited };
}

async function main(): Promise<void> {
  const redis = await startRedisServer();
  const fake = values.dense ? await FakeOpenAIServer.start({ dimensions: 1536, dense: true }) : undefined;
  const port = await freePort();
  const env: Record<string, string> = { REDIS_URL: redis.url, OPENAI_API_KEY: '', EMBEDDING_PROVIDER: 'local', PORT: String(port), LOG_LEVEL: 'warn', JOBS_IN_PROCESS: 'false', VECTOR_STORE_PATH: 'memory://' };
  if (fake) Object.assign(env, { EMBEDDING_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: fake.baseURL, EMBEDDING_MODEL: 'text-embedding-3-small', EMBEDDING_DIMENSIONS: '1536' });
  Object.assign(env, Object.fromEntries((values.env as string[]).map(keyAndValue)));
  const app = await startRagApi(env, port);
  const variants: { name: string; app: Awaited<ReturnType<typeof startRagApi>> }[] = [{ name: 'rag-api', app }];
  let floor: ChildProcess | undefined;
  try {
    const path = values.path as string;
    for (const spec of values.variant as string[]) {
      const name = spec.slice(0, spec.indexOf(':'));
      const extra = Object.fromEntries(spec.slice(spec.indexOf(':') + 1).split(',').filter(Boolean).map(keyAndValue));
      const variantPort = await freePort();
      variants.push({ name, app: await startRagApi({ ...env, ...extra, PORT: String(variantPort) }, variantPort) });
    }
    if (path === '/v1/retrieve') {
      for (let d = 0; d < 100; d += 1) await fetch(`${app.url}/v1/documents`, { ...JSON_POST, body: JSON.stringify({ id: `bench-${d}`, text: syntheticText(d, 24), metadata: { n: d % 10 } }) });
    }
    const texts = Array.from({ length: Number(values.texts) }, (_, i) => `benchmark query number ${i}: how does the shared embedding cache behave?`);
    const bodies = Number(values.bodies) > 1 ? variedBodies(Number(values.bodies), values.format as 'float' | 'base64') : undefined;
    const body = path === '/v1/retrieve' ? JSON.stringify({ query: 'how does the cache behave when the server is loaded?', topK: 5 }) : (bodies?.[0] ?? JSON.stringify({ input: texts, encoding_format: values.format }));
    for (const { app: variant } of variants) await warmBodies(`${variant.url}${path}`, bodies);
    let answer = Buffer.alloc(0);
    let headers: Record<string, string> = {};
    for (let i = 0; i < 200 * variants.length; i += 1) {
      const res = await fetch(`${variants[i % variants.length].app.url}${path}`, { ...JSON_POST, body });
      answer = Buffer.from(await res.arrayBuffer());
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${answer.toString()}`);
      headers = { 'content-type': res.headers.get('content-type') ?? '', 'x-embedding-cache': res.headers.get('x-embedding-cache') ?? '', 'x-request-id': res.headers.get('x-request-id') ?? '' };
    }
    const started = fork(join(__dirname, 'http-floor.ts'), [], { execArgv: ['-r', '@swc-node/register'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    floor = started;
    const floorPort = await new Promise<number>((resolve) => {
      started.once('message', (m: { port: number }) => resolve(m.port));
      started.send({ routes: { '/floor': { body: answer.toString('base64'), headers } } });
    });
    const traceTo = values.perf ?? values.strace;
    const seen = new Map<string, { rps: number[]; cpu: number[] }>();
    for (let round = 0; round < Number(values.rounds); round += 1) {
      console.log(`round ${round}:`);
      const f = await measure('floor', `http://127.0.0.1:${floorPort}/floor`, body, started.pid ?? 0, traceTo && `${traceTo}.floor.${round}`, bodies);
      for (const { name, app: variant } of variants) {
        const a = await measure(name, `${variant.url}${path}`, body, variant.child.pid ?? 0, traceTo && `${traceTo}.${name}.${round}`, bodies);
        console.log(`  ${name}: rps ratio ${(a.rps / f.rps).toFixed(2)}, CPU ratio (floor / ${name}) ${(f.cpu / a.cpu).toFixed(2)}`);
        const kept = seen.get(name) ?? { rps: [], cpu: [] };
        kept.rps.push(a.rps / f.rps);
        kept.cpu.push(a.cpu);
        seen.set(name, kept);
      }
    }
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    for (const [name, kept] of seen) console.log(`median ${name}: rps ratio ${median(kept.rps).toFixed(2)}, CPU ${median(kept.cpu).toFixed(0)} µs/request`);
  } finally {
    floor?.kill('SIGTERM');
    for (const { app: variant } of variants) variant.child.kill('SIGTERM');
    for (const { app: variant } of variants) await variant.exited;
    await fake?.close();
    await redis.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
