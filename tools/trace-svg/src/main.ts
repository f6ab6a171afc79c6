import { readFileSync, writeFileSync } from 'node:fs';
import { renderTraceSvg } from './render-trace-svg';
import type { TraceSpan } from './render-trace-svg';

/**
 * `node -r @swc-node/register tools/trace-svg/src/main.ts <spans.json> <out.svg> [title]`: draws
 * the trace captured by apps/worker/test/tracing.e2e-spec.ts (`TRACE_CAPTURE_FILE`) as a waterfall.
 */
function main(): void {
  const [input, output, title] = process.argv.slice(2);
  if (!input || !output) {
    process.stderr.write('usage: trace-svg <spans.json> <out.svg> [title]\n');
    process.exit(2);
  }
  const spans = JSON.parse(readFileSync(input, 'utf8')) as TraceSpan[];
  writeFileSync(output, `${renderTraceSvg(spans, { title })}\n`);
  process.stdout.write(`${spans.length} spans drawn to ${output}\n`);
}

main();
