/**
 * Run as its own process by the e2e suite: embeds texts through `RedisCacheBackedEmbeddings` with
 * its own cache service and Redis connection, then prints one JSON line.
 * Arguments: a JSON object `{ url, prefix, model, texts, delayMs }`. Prints `computing` when its
 * provider starts a call (so the parent can race it), then `{ computed, vectors }`.
 */
import { RedisCacheBackedEmbeddings } from '../../src/index';
import { CountingEmbeddings } from './counting-embeddings';
import { createCacheService } from './create-cache-service';

interface Job {
  url: string;
  prefix: string;
  model: string;
  texts: string[];
  delayMs: number;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as Job;
  const underlying = new CountingEmbeddings(job.delayMs, () => process.stdout.write('computing\n'));
  const { cache, close } = await createCacheService(job.url, { prefix: job.prefix });
  try {
    const embeddings = new RedisCacheBackedEmbeddings({ underlying, cache, model: job.model });
    const vectors = await embeddings.embedDocuments(job.texts);
    process.stdout.write(`${JSON.stringify({ computed: underlying.documentTexts(), vectors })}\n`);
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
