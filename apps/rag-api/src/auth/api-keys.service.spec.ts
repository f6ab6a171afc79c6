import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RagApiConfig } from '../config/rag-api.config';
import { ApiKeysService } from './api-keys.service';
import { InvalidApiKeysFileError } from './errors/invalid-api-keys-file.error';

const sha = (key: string): string => createHash('sha256').update(key).digest('hex');
const keysJson = (...keys: Array<[string, string]>): string =>
  JSON.stringify({ keys: keys.map(([id, key]) => ({ id, sha256: sha(key), collections: ['*'], permissions: ['read'] })) });

describe('ApiKeysService', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rag-keys-'));
  const services: ApiKeysService[] = [];
  const create = (file?: string): ApiKeysService => {
    const service = new ApiKeysService({ keysFile: file } as RagApiConfig);
    services.push(service);
    return service;
  };
  afterAll(() => services.forEach((service) => service.onModuleDestroy()));

  it('is disabled without RAG_API_KEYS_FILE', () => {
    expect(create().enabled).toBe(false);
  });

  it('fails at boot on a missing or invalid file, naming it', () => {
    expect(() => create(join(dir, 'missing.json'))).toThrow(/Invalid RAG_API_KEYS_FILE ".*missing\.json": cannot be read \(ENOENT\)/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"keys":[{"id":"a"}]}');
    expect(() => create(bad)).toThrow(InvalidApiKeysFileError);
  });

  it('finds the key whose SHA-256 matches, nothing for another or an empty key', () => {
    const file = join(dir, 'keys.json');
    writeFileSync(file, keysJson(['team-a', 'sk-a'], ['team-b', 'sk-b']));
    const keys = create(file);
    expect(keys.authenticate('sk-b')?.id).toBe('team-b');
    expect(keys.authenticate('sk-a')?.id).toBe('team-a');
    expect(keys.authenticate('sk-c')).toBeUndefined();
    expect(keys.authenticate('')).toBeUndefined();
  });

  it('reloads: a removed key is revoked; a bad file keeps the keys in force', () => {
    const file = join(dir, 'rotate.json');
    writeFileSync(file, keysJson(['old', 'sk-old'], ['new', 'sk-new']));
    const keys = create(file);
    writeFileSync(file, keysJson(['new', 'sk-new']));
    expect(keys.reload('test')).toBe(true);
    expect(keys.authenticate('sk-old')).toBeUndefined();
    writeFileSync(file, '{"keys": [');
    expect(keys.reload('test')).toBe(false);
    expect(keys.authenticate('sk-new')?.id).toBe('new');
  });
});
