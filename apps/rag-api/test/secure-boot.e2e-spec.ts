import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnApp } from '@rag/test-utils';

/** An IPv4 address of this machine that is not loopback, if it has one. */
function externalAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((address) => address !== undefined && address.family === 'IPv4' && !address.internal)?.address;
}

/** Starts rag-api with `env`; resolves with what it printed when it refused to start. */
async function bootFailure(env: Record<string, string>): Promise<string> {
  const port = await freePort();
  const started = spawnApp('apps/rag-api/src/main.ts', { PORT: String(port), VECTOR_STORE_PATH: 'memory://', REDIS_URL: 'redis://127.0.0.1:1', ...env }, `http://127.0.0.1:${port}/health/live`, 90_000);
  const error = await started.then(
    (app) => {
      app.kill();
      return new Error('started');
    },
    (e: unknown) => e as Error,
  );
  return error.message;
}

describe('rag-api secure by default (#15)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rag-api-boot-'));

  it('without keys it listens on loopback only: a non-loopback RAG_API_HOST fails the boot unless opted in', async () => {
    const output = await bootFailure({ RAG_API_HOST: '0.0.0.0' });
    expect(output).toContain('rag-api failed to start: RAG_API_HOST=0.0.0.0 is not a loopback address and RAG_API_KEYS_FILE is not set');
    expect(output).toContain('RAG_API_ALLOW_UNAUTHENTICATED=true');
  }, 120_000);

  it('by default, without keys, it answers on 127.0.0.1 and not on the machine’s other addresses', async () => {
    const port = await freePort();
    const api = await spawnApp('apps/rag-api/src/main.ts', { PORT: String(port), VECTOR_STORE_PATH: 'memory://', REDIS_URL: 'redis://127.0.0.1:1', LOG_LEVEL: 'info' }, `http://127.0.0.1:${port}/health/live`, 90_000);
    try {
      expect((await fetch(`http://127.0.0.1:${port}/v1/models`)).status).toBe(200);
      const external = externalAddress();
      if (external !== undefined) await expect(fetch(`http://${external}:${port}/health/live`)).rejects.toThrow();
      expect(api.output()).toContain('no API keys (RAG_API_KEYS_FILE unset)');
    } finally {
      api.kill('SIGTERM');
      await api.exited;
    }
  }, 120_000);

  it('an invalid keys file fails the boot naming the file and the field', async () => {
    const file = join(dir, 'keys.json');
    const digest = createHash('sha256').update('sk-x').digest('hex');
    writeFileSync(file, JSON.stringify({ keys: [{ id: 'a', sha256: digest, collections: ['a'], permissions: ['read', 'admin'] }] }));
    const output = await bootFailure({ RAG_API_KEYS_FILE: file });
    expect(output).toContain(`rag-api failed to start: Invalid RAG_API_KEYS_FILE "${file}": keys[0].permissions[1] "admin" is not one of embed, read, write, jobs`);
    expect(output).not.toContain(digest);
  }, 120_000);
});
