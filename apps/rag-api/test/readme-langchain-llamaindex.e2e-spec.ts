import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WORKSPACE_ROOT } from '@rag/test-utils';
import type { ClientsFixture } from './support/openai-clients';
import { MODEL_ALIASES, countsDelta, servedCounts, startClientsFixture } from './support/openai-clients';

const README_BASE_URL = "'http://localhost:3000/v1'";

/** The first fenced block of `lang` in the README that contains `marker`. */
function readmeBlock(lang: string, marker: string): string {
  const readme = readFileSync(join(WORKSPACE_ROOT, 'README.md'), 'utf8');
  const block = [...readme.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1]).find((code) => code.includes(marker));
  if (block === undefined) throw new Error(`README.md has no \`\`\`${lang} block containing ${marker}`);
  return block;
}

// The README's "any OpenAI client" set-up (official SDK, LangChain, LlamaIndex) is run as it is
// written, as an ES module in a plain `node` (the ESM builds a user imports, not Jest's CommonJS
// ones), against rag-api started with the README's environment; only the base URL is swapped.
describe('README: the OpenAI SDK, LangChain and LlamaIndex set-up runs as written', () => {
  let fixture: ClientsFixture;

  beforeAll(async () => {
    fixture = await startClientsFixture();
  }, 90_000);

  afterAll(async () => {
    await fixture?.stop();
  });

  it('starts rag-api with the aliases this suite serves', () => {
    expect(readmeBlock('bash', 'EMBEDDING_MODEL_ALIASES=').trim()).toBe(`EMBEDDING_MODEL_ALIASES=${MODEL_ALIASES} npm start`);
  });

  it('the code block prints what its comment says, one request per client, and the aliases share cache entries', async () => {
    const before = await servedCounts(fixture.apiUrl);
    const code = readmeBlock('js', "from '@langchain/openai'");
    expect(code.split(README_BASE_URL)).toHaveLength(2);
    // The clients fall back to the OPENAI_ variables; the block must work without them. Jest sets
    // FORCE_COLOR, which would make console.log colour the numbers.
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    for (const name of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'FORCE_COLOR']) delete env[name];
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', code.replace(README_BASE_URL, `'${fixture.baseURL}'`)], {
      cwd: WORKSPACE_ROOT,
      env,
      timeout: 30_000,
    });
    const promised = /console\.log\(.*\); \/\/ (.+)\n/.exec(code)?.[1];
    expect(stdout.trim()).toBe(promised);
    expect(stdout.trim()).toBe('384 2 384');
    expect(fixture.requests).toEqual([
      { model: 'text-embedding-3-small', input: ['hello'], encoding_format: 'base64' },
      { model: 'text-embedding-ada-002', input: ['hello', 'world'], encoding_format: 'base64' },
      { model: 'text-embedding-ada-002', input: ['hello'], encoding_format: 'base64' },
    ]);
    // "hello" is computed once, for the official SDK's text-embedding-3-small; LangChain's and
    // LlamaIndex's text-embedding-ada-002 find it in the cache.
    expect(countsDelta(before, await servedCounts(fixture.apiUrl))).toEqual({ hits: 2, misses: 2, errors: 0, ok: 3, rejected: 0 });
  });
});
