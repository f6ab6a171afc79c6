/**
 * `npm run bench`: benchmarks of the embedding cache, rag-api, the worker and the vector store, on
 * a private redis-server (and, for the postgres suite, a private PostgreSQL with pgvector) started
 * on free loopback ports. Prints markdown tables and writes them to docs/benchmarks.md (unless --no-write).
 *
 * Flags: --count N (vectors per batch, 1000), --dims N (1536), --rounds N (30),
 *        --http-seconds N (3 per row and round), --http-rounds N (5), --job-texts N (10000), --jobs N (32), --memory-entries N (10000),
 *        --retrieval-chunks N (10000), --queries N (200), --postgres-workers 1,2,4,
 *        --suites core,memory,faults,http,jobs,retrieval,postgres (all), --no-write.
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { WORKSPACE_ROOT, startRedisServer } from '@rag/test-utils';
import { VECTOR_STORE_DEFAULTS } from '@rag/vector-store';
import type { TestRedisServer } from '@rag/test-utils';
import { runCoreSuite } from './core-suite';
import { runFaultSuite } from './fault-suite';
import { runHttpSuite } from './http-suite';
import type { HttpRow } from './http-suite';
import { runJobsSuite } from './jobs-suite';
import { runMemorySuite } from './memory-suite';
import { EF_SEARCH_SWEEP, runPostgresSuite } from './postgres-suite';
import { runRetrievalSuite } from './retrieval-suite';
import type { SearchQualityRow } from './search-quality';
import { redisVersion } from './redis-version';

type Out = (line?: string) => void;
type Values = Record<string, string>;

async function core(server: TestRedisServer, values: Values, out: Out): Promise<void> {
  out('## Cache operations against raw ioredis on the same bytes');
  out();
  out('Medians and p99 in milliseconds over interleaved rounds; the ratio compares medians measured in the same run.');
  out();
  out('| case | median ms | p99 ms | ratio to floor |');
  out('|---|---:|---:|---:|');
  const dimsList = [Number(values['dims']), ...[384, 3072].filter((d) => d !== Number(values['dims']))];
  for (const [i, dims] of dimsList.entries()) {
    const rows = await runCoreSuite(server, { count: Number(values['count']), dims, rounds: Number(values['rounds']), batchOnly: i > 0 });
    for (const row of rows) {
      out(`| ${row.name} | ${row.summary.median.toFixed(3)} | ${row.summary.p99.toFixed(3)} | ${row.ratio ? `${row.ratio.toFixed(2)} ×` : 'floor'} |`);
    }
  }
}

async function memory(server: TestRedisServer, values: Values, out: Out): Promise<void> {
  out(`## Redis memory per entry (${values['memory-entries']} entries, keys \`embedding_cache:<64 hex>\`)`);
  out();
  out('| dims | format | value bytes | MEMORY USAGE bytes | used_memory delta / entry |');
  out('|---:|---|---:|---:|---:|');
  for (const row of await runMemorySuite(server, Number(values['memory-entries']))) {
    out(`| ${row.dims} | ${row.format} | ${row.valueBytes} | ${row.memoryUsageBytes.toFixed(0)} | ${row.usedMemoryDeltaPerEntry.toFixed(0)} |`);
  }
}

async function faults(_server: TestRedisServer, _values: Values, out: Out): Promise<void> {
  out('## Faults and the L1 tier (1536 dims; timeout 50 ms, breaker after 3 failures)');
  out();
  const fault = await runFaultSuite();
  const ms = (x: number, digits = 2): string => `${x.toFixed(digits)} ms`;
  const us = (x: number): string => `${x.toFixed(2)} µs`;
  out('| case | median | p99 | max | calls |');
  out('|---|---:|---:|---:|---:|');
  const b = fault.beforeBreaker;
  const a = fault.afterBreaker;
  out(`| get, Redis frozen (SIGSTOP), before the breaker opens | ${ms(b.median)} | ${ms(b.p99)} | ${ms(b.max)} | ${b.calls} |`);
  out(`| get, Redis frozen, breaker open | ${ms(a.median, 4)} | ${ms(a.p99, 4)} | ${ms(a.max, 4)} | ${a.calls} |`);
  out(`| L1 hit, get (1 vector), per call | ${us(fault.l1GetMicros.median)} | ${us(fault.l1GetMicros.p99)} | | 6000 |`);
  out(`| L1 hit, getMany of 1000, per vector | ${us(fault.l1GetManyMicrosPerVector.median)} | ${us(fault.l1GetManyMicrosPerVector.p99)} | | 30 |`);
  out();
  out(`The L1 answered ${fault.l1HitsOfRows} of the 36000 lookups of its two rows.`);
}

async function http(server: TestRedisServer, values: Values, out: Out): Promise<void> {
  const options = { secondsPerRound: Number(values['http-seconds']), rounds: Number(values['http-rounds']), connections: 10 };
  const r = await runHttpSuite(server, options);
  const load = (xs: number[]): string => xs.map((x) => x.toFixed(2)).join(' / ');
  const cpu = (x: HttpRow): string => (Number.isNaN(x.cpuMicrosPerRequest) ? '' : x.cpuMicrosPerRequest.toFixed(0));
  const row = (x: HttpRow): string =>
    `| ${x.name} | ${x.requestsPerSecond.toFixed(0)} | ${x.latencyP50Ms} | ${x.latencyP99Ms} | ${x.floor ? `${(x.requestsPerSecond / x.floor.requestsPerSecond).toFixed(2)} ×` : 'floor'} | ` +
    `${cpu(x)} | ${x.floor ? `${(x.floor.cpuMicrosPerRequest / x.cpuMicrosPerRequest).toFixed(2)} ×` : 'floor'} | ${x.responseBytes} | ${x.non2xx} |`;
  out(`## rag-api over HTTP against a bare node:http floor (autocannon, ${options.connections} connections)`);
  out();
  out(
    `One run, interleaved: ${options.rounds} rounds; each round runs every row for ${options.secondsPerRound} s, next to its floor, in reverse order every other round. ` +
      'requests/s, p50 and p99 are medians over the rounds; the ratio compares requests/s with the floor answering the same response bytes in the same run. ' +
      'CPU µs/request: user + system time of the serving process (from /proc) over all its rounds, divided by the requests it answered, and the floor\'s CPU per request over rag-api\'s ' +
      '(the least noisy figure on a shared machine: autocannon and other jobs take CPU from both alike, but not CPU time per request). ' +
      'Floor: a bare `node:http` server in its own process that reads the body, `JSON.parse`s it and writes the bytes and headers rag-api answered. ' +
      `Every rag-api process runs at LOG_LEVEL=warn (but the row that says LOG_LEVEL=info) with its default metrics and HTTP_FAST_PATH on (but the row that turns it off); autocannon runs on the same 2 cores. Load average (1/5/15 min) before: ${load(r.loadBefore)}, after: ${load(r.loadAfter)}.`,
  );
  out();
  const header = (): void => {
    out('| case | requests/s | p50 ms | p99 ms | ratio to floor | CPU µs/request | CPU ratio (floor / this) | response bytes | non-2xx |');
    out('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  };
  out('`POST /v1/embeddings`:');
  out();
  header();
  for (const x of r.embeddings) out(row(x));
  out();
  out('`POST /v1/retrieve` (query embedding from the L1, search by the in-memory PGlite):');
  out();
  header();
  for (const x of r.retrieve) out(row(x));
  out();
  out('Floors:');
  out();
  header();
  for (const x of r.floors) out(row(x));
}

async function jobs(server: TestRedisServer, values: Values, out: Out): Promise<void> {
  out(`## worker: ${values['jobs']} fully cached jobs of ${values['job-texts']} texts`);
  out();
  out('| workers | seconds | jobs/s | texts/s |');
  out('|---:|---:|---:|---:|');
  for (const row of await runJobsSuite(server, { textsPerJob: Number(values['job-texts']), jobs: Number(values['jobs']) })) {
    out(`| ${row.workers} | ${row.seconds.toFixed(2)} | ${row.jobsPerSecond.toFixed(2)} | ${row.textsPerSecond.toFixed(0)} |`);
  }
}

/** Markdown rows of search latency and recall, one pair per `ef_search`. */
function searchRows(rows: SearchQualityRow[], out: Out): void {
  out('| case | ef_search | plan | median ms | p99 ms | recall@10 |');
  out('|---|---:|---|---:|---:|---:|');
  for (const row of rows) {
    for (const [name, quality] of [
      ['search, topK 10', row.plain],
      ['search, topK 10, metadata filter (1 document in 10)', row.filtered],
      ['search, topK 10, metadata filter, index only (`exactScanMaxChunks: 0`)', row.filteredIndexOnly],
    ] as const) {
      const ef = row.efSearch === VECTOR_STORE_DEFAULTS.hnsw.efSearch ? `${row.efSearch} (default)` : String(row.efSearch);
      out(`| ${name} | ${ef} | ${quality.plan} | ${quality.latency.median.toFixed(2)} | ${quality.latency.p99.toFixed(2)} | ${quality.recall.toFixed(3)} |`);
    }
  }
}

async function retrieval(_server: TestRedisServer, values: Values, out: Out): Promise<void> {
  const r = await runRetrievalSuite({ chunks: Number(values['retrieval-chunks']), queries: Number(values['queries']) });
  out(`## Retrieval: ${r.chunks} chunks of ${r.documents} documents, ${r.dims} dims, PGlite in memory with pgvector (HNSW cosine)`);
  out();
  out(`Ingestion: \`upsertDocument\` stores ${r.upsertChunksPerSecond.toFixed(0)} chunks/s (embeddings precomputed). Search latency over ${r.queries} queries, and recall@10 against an exact scan of the same queries:`);
  out();
  searchRows([r.search], out);
}

async function postgres(server: TestRedisServer, values: Values, out: Out): Promise<void> {
  const r = await runPostgresSuite(server, {
    chunks: Number(values['retrieval-chunks']),
    queries: Number(values['queries']),
    workers: values['postgres-workers'].split(',').map(Number),
    efSearch: EF_SEARCH_SWEEP,
  });
  const best = Math.max(...r.floors.map((f) => f.chunksPerSecond));
  out(`## PostgreSQL ${r.server} with pgvector ${r.pgvector}: ${r.chunks} chunks of ${r.documents} documents, ${r.dims} dims (private server, crash-safe settings)`);
  out();
  out(
    'Ingestion of the whole corpus. Fleet: each document pending with its token and one `ingest-document` job, as `POST /v1/documents` leaves them, ' +
      'taken by N worker processes (2 jobs each at once, pools of 10; embeddings from the Redis cache, local provider); timed from resuming the queue until every document is ready. ' +
      'Floor: the same rows (same texts and vectors) written by one transaction of `INSERT … SELECT FROM unnest(…)` statements of 1,000 rows, from one connection, ' +
      'into the same tables and HNSW index, emptied (TRUNCATE) before every run. The ratio is to the faster floor.',
  );
  out();
  out('| case | seconds | chunks/s | ratio to floor |');
  out('|---|---:|---:|---:|');
  for (const f of r.floors) out(`| ${f.name} | ${f.seconds.toFixed(2)} | ${f.chunksPerSecond.toFixed(0)} | ${(f.chunksPerSecond / best).toFixed(2)} × |`);
  for (const f of r.fleet) out(`| fleet, ${f.name} | ${f.seconds.toFixed(2)} | ${f.chunksPerSecond.toFixed(0)} | ${(f.chunksPerSecond / best).toFixed(2)} × |`);
  out();
  out(
    `Search over the ${r.chunks} chunks (as the last floor wrote them, then ANALYZE), ${r.queries} queries, through \`VectorStore.search\` (one statement that sets ef_search and relaxed-order iterative scans for itself; ` +
      `a filter matching at most ${VECTOR_STORE_DEFAULTS.hnsw.exactScanMaxChunks} chunks is answered by an exact scan of them, the third row forces the index). ` +
      'Plan: what EXPLAIN ANALYZE of the first query ran. Recall@10: the share of the exact top 10 (the same SQL with index scans off) that the search returned, over the same queries:',
  );
  out();
  searchRows(r.search, out);
}

const SUITES = { core, memory, faults, http, jobs, retrieval, postgres };

async function main(): Promise<void> {
  // Stores opened by the suites log their boot line; the tables are the output.
  Logger.overrideLogger(['warn', 'error']);
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '1000' },
      dims: { type: 'string', default: '1536' },
      rounds: { type: 'string', default: '30' },
      'http-seconds': { type: 'string', default: '3' },
      'http-rounds': { type: 'string', default: '5' },
      'job-texts': { type: 'string', default: '10000' },
      jobs: { type: 'string', default: '32' },
      'memory-entries': { type: 'string', default: '10000' },
      'retrieval-chunks': { type: 'string', default: '10000' },
      queries: { type: 'string', default: '200' },
      'postgres-workers': { type: 'string', default: '1,2,4' },
      suites: { type: 'string', default: Object.keys(SUITES).join(',') },
      'no-write': { type: 'boolean', default: false },
    },
  });
  const chosen = values.suites.split(',').map((name) => name.trim());
  const unknown = chosen.filter((name) => !(name in SUITES));
  if (unknown.length > 0) throw new Error(`--suites: unknown suite(s) ${unknown.join(', ')}; choose from ${Object.keys(SUITES).join(', ')}`);
  const lines: string[] = [];
  const out: Out = (line = '') => {
    lines.push(line);
    process.stdout.write(`${line}\n`);
  };
  const server = await startRedisServer();
  try {
    out('# Benchmarks');
    out();
    out(
      `Run ${new Date().toISOString()} by \`npm run bench\` on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ` +
        `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, redis-server ${await redisVersion()}, loopback.`,
    );
    for (const name of chosen) {
      out();
      lines.push(`<!-- suite:${name} -->`);
      await SUITES[name as keyof typeof SUITES](server, values as unknown as Values, out);
      lines.push(`<!-- /suite:${name} -->`);
    }
  } finally {
    await server.stop();
  }
  if (!values['no-write']) {
    const profile = readFileSync(join(WORKSPACE_ROOT, 'tools', 'bench', 'PROFILE.md'), 'utf8');
    const file = join(WORKSPACE_ROOT, 'docs', 'benchmarks.md');
    const all = Object.keys(SUITES).every((name) => chosen.includes(name));
    writeFileSync(file, all ? `${lines.join('\n')}\n\n${PROFILE_MARKER}\n${profile}` : mergeSuites(readFileSync(file, 'utf8'), lines.join('\n'), chosen, profile));
  }
}

/**
 * docs/benchmarks.md after a run of some suites: each suite's section (between its
 * `<!-- suite:name -->` markers) replaced by the new one, or appended before the hand-written
 * part when the file has none; the header line is the new run's, the other sections stay.
 */
function mergeSuites(previous: string, current: string, chosen: readonly string[], profile: string): string {
  const block = (text: string, name: string): RegExpMatchArray | null => text.match(new RegExp(`<!-- suite:${name} -->[\\s\\S]*?<!-- /suite:${name} -->`));
  const cut = [previous.indexOf(PROFILE_MARKER), previous.indexOf(`\n${profile.split('\n')[0]}`)].find((at) => at !== -1) ?? previous.length;
  let merged = previous.slice(0, cut).trimEnd();
  // The first line says when the other sections ran; one line per re-run set of suites says when these did.
  const runLine = current.match(/^Run (.*)$/m)?.[1];
  const rerun = `Re-run of suites ${chosen.join(', ')}: ${runLine ?? ''}`;
  const previousRerun = merged.split('\n').find((line) => line.startsWith(`Re-run of suites ${chosen.join(', ')}:`));
  if (previousRerun) merged = merged.replace(previousRerun, rerun);
  else merged = merged.replace(/^Run .*$/m, (line) => `${line}\n\n${rerun}`);
  for (const name of chosen) {
    const fresh = block(current, name)?.[0];
    if (!fresh) continue;
    const old = block(merged, name);
    merged = old ? merged.replace(old[0], fresh) : `${merged}\n\n${fresh}`;
  }
  return `${merged}\n\n${PROFILE_MARKER}\n${profile}`;
}

/** Where the hand-written part (tools/bench/PROFILE.md) of docs/benchmarks.md starts. */
const PROFILE_MARKER = '<!-- profile: tools/bench/PROFILE.md -->';

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
