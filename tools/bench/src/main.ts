/**
 * `npm run bench`: benchmarks of the embedding cache, rag-api and the worker on a private
 * redis-server started on a free loopback port. Prints markdown tables and writes them to
 * docs/benchmarks.md (unless --no-write).
 *
 * Flags: --count N (vectors per batch, 1000), --dims N (1536), --rounds N (30),
 *        --http-seconds N (10), --job-texts N (10000), --jobs N (8), --no-write.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { WORKSPACE_ROOT, startRedisServer } from '@rag/test-utils';
import { runCoreSuite } from './core-suite';
import { runFaultSuite } from './fault-suite';
import { runHttpSuite } from './http-suite';
import { runJobsSuite } from './jobs-suite';
import { runMemorySuite } from './memory-suite';
import { redisVersion } from './redis-version';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '1000' },
      dims: { type: 'string', default: '1536' },
      rounds: { type: 'string', default: '30' },
      'http-seconds': { type: 'string', default: '10' },
      'job-texts': { type: 'string', default: '10000' },
      jobs: { type: 'string', default: '8' },
      'memory-entries': { type: 'string', default: '10000' },
      'no-write': { type: 'boolean', default: false },
    },
  });
  const server = await startRedisServer();
  const lines: string[] = [];
  const out = (line = ''): void => {
    lines.push(line);
    process.stdout.write(`${line}\n`);
  };
  try {
    out('# Benchmarks');
    out();
    out(`Run ${new Date().toISOString()} by \`npm run bench\` on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, redis-server ${await redisVersion()}, loopback.`);
    out();
    out('## Cache operations against raw ioredis on the same bytes');
    out();
    out('Medians and p99 in milliseconds over interleaved rounds; the ratio compares medians measured in the same run.');
    out();
    out('| case | median ms | p99 ms | ratio to floor |');
    out('|---|---:|---:|---:|');
    const dimsList = [Number(values.dims), ...[384, 3072].filter((d) => d !== Number(values.dims))];
    for (const [i, dims] of dimsList.entries()) {
      const core = await runCoreSuite(server, { count: Number(values.count), dims, rounds: Number(values.rounds), batchOnly: i > 0 });
      for (const row of core) {
        out(`| ${row.name} | ${row.summary.median.toFixed(3)} | ${row.summary.p99.toFixed(3)} | ${row.ratio ? `${row.ratio.toFixed(2)} ×` : 'floor'} |`);
      }
    }
    out();
    out(`## Redis memory per entry (${values['memory-entries']} entries, keys \`embedding_cache:<64 hex>\`)`);
    out();
    out('| dims | format | value bytes | MEMORY USAGE bytes | used_memory delta / entry |');
    out('|---:|---|---:|---:|---:|');
    for (const row of await runMemorySuite(server, Number(values['memory-entries']))) {
      out(`| ${row.dims} | ${row.format} | ${row.valueBytes} | ${row.memoryUsageBytes.toFixed(0)} | ${row.usedMemoryDeltaPerEntry.toFixed(0)} |`);
    }
    out();
    out('## Faults and the L1 tier (1536 dims)');
    out();
    const fault = await runFaultSuite();
    out('| case | median | p99 | max | calls |');
    out('|---|---:|---:|---:|---:|');
    out(`| get, Redis frozen (SIGSTOP), before the breaker opens | ${fault.beforeBreaker.median.toFixed(2)} ms | ${fault.beforeBreaker.p99.toFixed(2)} ms | ${fault.beforeBreaker.max.toFixed(2)} ms | ${fault.beforeBreaker.calls} |`);
    out(`| get, Redis frozen, breaker open | ${fault.afterBreaker.median.toFixed(4)} ms | ${fault.afterBreaker.p99.toFixed(4)} ms | ${fault.afterBreaker.max.toFixed(4)} ms | ${fault.afterBreaker.calls} |`);
    out(`| L1 hit, get (1 vector) | ${fault.l1GetMicros.median.toFixed(2)} µs | ${fault.l1GetMicros.p99.toFixed(2)} µs | | 2000 |`);
    out(`| L1 hit, getMany of 1000, per vector | ${fault.l1GetManyMicrosPerVector.median.toFixed(2)} µs | ${fault.l1GetManyMicrosPerVector.p99.toFixed(2)} µs | | 30 |`);
    out();
    out('## rag-api: POST /v1/embeddings, 16 texts per request (autocannon, 10 connections)');
    out();
    out('| case | requests/s | p50 ms | p99 ms | non-2xx |');
    out('|---|---:|---:|---:|---:|');
    for (const row of await runHttpSuite(server, { durationSeconds: Number(values['http-seconds']), connections: 10 })) {
      out(`| ${row.name} | ${row.requestsPerSecond.toFixed(0)} | ${row.latencyP50Ms} | ${row.latencyP99Ms} | ${row.non2xx} |`);
    }
    out();
    out(`## worker: ${values.jobs} fully cached jobs of ${values['job-texts']} texts`);
    out();
    out('| workers | seconds | jobs/s | texts/s |');
    out('|---:|---:|---:|---:|');
    for (const row of await runJobsSuite(server, { textsPerJob: Number(values['job-texts']), jobs: Number(values.jobs) })) {
      out(`| ${row.workers} | ${row.seconds.toFixed(2)} | ${row.jobsPerSecond.toFixed(2)} | ${row.textsPerSecond.toFixed(0)} |`);
    }
  } finally {
    await server.stop();
  }
  if (!values['no-write']) writeFileSync(join(WORKSPACE_ROOT, 'docs', 'benchmarks.md'), `${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
