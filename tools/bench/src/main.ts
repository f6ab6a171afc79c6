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
import { runHttpSuite } from './http-suite';
import { runJobsSuite } from './jobs-suite';
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
    const core = await runCoreSuite(server, { count: Number(values.count), dims: Number(values.dims), rounds: Number(values.rounds) });
    for (const row of core) {
      out(`| ${row.name} | ${row.summary.median.toFixed(3)} | ${row.summary.p99.toFixed(3)} | ${row.ratio ? `${row.ratio.toFixed(2)} ×` : 'floor'} |`);
    }
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
