// cache:import over TLS as a least-privilege ACL user, configured with the apps' variables.
// Titles stay under the same outer describe as cache-import.e2e-spec.ts.
import { Redis } from 'ioredis';
import { createTestCertificates, freePort, startRedisServer } from '@rag/test-utils';
import type { TestRedisServer } from '@rag/test-utils';
import { createImportFixture, PREFIX, TTL_DAYS } from './support/import-fixture';
import type { ImportFixture } from './support/import-fixture';
import { count, runImport } from './support/run-import';

describe('npm run cache:import against a real redis-server', () => {
  let files: ImportFixture;

  beforeAll(() => {
    files = createImportFixture();
  });

  afterAll(() => {
    files.remove();
  });

  describe('over TLS as an ACL user, configured like the apps', () => {
    const PASSWORD = 'import-password-do-not-print';
    let secure: TestRedisServer;
    let tlsPort: number;
    let caFile: string;

    beforeAll(async () => {
      const certs = await createTestCertificates(files.dir);
      caFile = certs.caFile;
      tlsPort = await freePort();
      secure = await startRedisServer({
        args: [
          '--tls-port', String(tlsPort),
          '--tls-cert-file', certs.certFile,
          '--tls-key-file', certs.keyFile,
          '--tls-ca-cert-file', caFile,
          '--tls-auth-clients', 'no',
          // Least privilege for the import: SET on its prefix, INFO for the client's ready check.
          '--user', 'importer', 'on', `>${PASSWORD}`, 'resetkeys', `~${PREFIX}:*`, 'resetchannels', '-@all', '+set', '+info',
          '--user', 'admin', 'on', '>admin', '~*', '&*', '+@all',
          '--user', 'default', 'off',
        ],
      });
    });

    afterAll(async () => {
      await secure.stop();
    });

    it('connects with REDIS_EMBEDDING_CACHE_USERNAME/PASSWORD (over the URL\'s own) via rediss:// with REDIS_TLS_CA_FILE, printing no password', async () => {
      const run = await runImport(['--file', files.fixturePath], {
        env: {
          // Stale credentials in a shared URL: the explicit variables must win, as in the apps.
          REDIS_EMBEDDING_CACHE_URL: `rediss://stale-user:stale-password@127.0.0.1:${tlsPort}`,
          REDIS_EMBEDDING_CACHE_USERNAME: 'importer',
          REDIS_EMBEDDING_CACHE_PASSWORD: PASSWORD,
          REDIS_TLS_CA_FILE: caFile,
          REDIS_EMBEDDING_CACHE_PREFIX: PREFIX,
          REDIS_EMBEDDING_CACHE_TTL_DAYS: String(TTL_DAYS),
        },
      });

      expect(run.code).toBe(0);
      expect(count(run, 'imported')).toBe(files.fixture.valid.length);
      expect(run.stdout + run.stderr).not.toContain(PASSWORD);
      expect(run.stdout + run.stderr).not.toContain('stale-password');
      const admin = new Redis(secure.url, { username: 'admin', password: 'admin' });
      try {
        expect((await admin.keys(`${PREFIX}:*`)).sort()).toEqual(files.expectedKeys());
      } finally {
        admin.disconnect();
      }
    });

    it('a wrong password exits 3 with the server\'s reason, without the password', async () => {
      const run = await runImport(['--file', files.fixturePath], {
        env: {
          REDIS_EMBEDDING_CACHE_URL: `rediss://127.0.0.1:${tlsPort}`,
          REDIS_EMBEDDING_CACHE_USERNAME: 'importer',
          REDIS_EMBEDDING_CACHE_PASSWORD: 'wrong-password-xyz',
          REDIS_TLS_CA_FILE: caFile,
          REDIS_EMBEDDING_CACHE_PREFIX: PREFIX,
        },
      });

      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/WRONGPASS/);
      expect(run.stderr).not.toContain('wrong-password-xyz');
    });
  });
});
