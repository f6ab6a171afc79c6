import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from '@rag/test-utils';

/** What the other process embedded: the texts its provider computed and every vector it returned. */
export interface OtherProcessResult {
  computed: string[];
  vectors: number[][];
}

/** A running `embed-in-another-process.ts`. */
export interface SpawnedEmbedder {
  /** Resolves once the process's provider has started computing. */
  computing: Promise<void>;
  /** Resolves with the process's result, rejects if it exits without one. */
  result: Promise<OtherProcessResult>;
}

/** Starts `embed-in-another-process.ts` in a new Node process (swc-node), as a second app instance. */
export function spawnEmbedder(job: { url: string; prefix: string; model: string; texts: string[]; delayMs?: number }): SpawnedEmbedder {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', join(__dirname, 'embed-in-another-process.ts'), JSON.stringify({ delayMs: 0, ...job })],
    {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: join(WORKSPACE_ROOT, 'tsconfig.base.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  let markComputing: () => void = () => undefined;
  const computing = new Promise<void>((resolve) => (markComputing = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes('computing\n')) markComputing();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const result = new Promise<OtherProcessResult>((resolve, reject) => {
    child.once('close', (code) => {
      const line = stdout.split('\n').find((entry) => entry.startsWith('{'));
      if (code === 0 && line) resolve(JSON.parse(line) as OtherProcessResult);
      else reject(new Error(`embedder process exited with ${code}:\n${stdout}${stderr}`));
    });
  });
  return { computing, result };
}
