import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnModuleDestroy } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import type { Stats } from 'node:fs';
import { ragApiConfig } from '../config/rag-api.config';
import type { RagApiConfig } from '../config/rag-api.config';
import { KEYS_FILE_POLL_MS } from './auth.constants';
import { InvalidApiKeysFileError } from './errors/invalid-api-keys-file.error';
import type { ApiKey } from './interfaces/api-key.interface';
import { parseApiKeys } from './parse-api-keys.util';

/**
 * The API keys of `RAG_API_KEYS_FILE`: read and checked at boot (an invalid file fails the boot),
 * read again when the file changes (polled every second) and on SIGHUP. A reload that fails
 * keeps the keys in force and logs why. Without the file, `enabled` is false and nothing needs a key.
 */
@Injectable()
export class ApiKeysService implements OnModuleDestroy {
  private readonly logger = new Logger('ApiKeys');
  private keys: readonly ApiKey[] = [];
  private readonly onSighup = (): void => void this.reload('SIGHUP');
  private readonly onFileChange = (now: Stats, before: Stats): void => {
    if (now.mtimeMs !== before.mtimeMs || now.size !== before.size || now.ino !== before.ino) this.reload('file change');
  };

  constructor(@Inject(ragApiConfig.KEY) private readonly config: RagApiConfig) {
    const file = config.keysFile;
    if (file === undefined) return;
    this.keys = this.read(file);
    this.logger.log(`${this.keys.length} API key(s) loaded from ${file}`);
    watchFile(file, { interval: KEYS_FILE_POLL_MS, persistent: false }, this.onFileChange);
    process.on('SIGHUP', this.onSighup);
  }

  /** Whether keys are required (`RAG_API_KEYS_FILE` is set). */
  get enabled(): boolean {
    return this.config.keysFile !== undefined;
  }

  /**
   * The key whose digest is the SHA-256 of `presented`, or `undefined`. Every digest is compared
   * with `timingSafeEqual` and the loop never stops early, so the time taken tells nothing of
   * which digest, or how much of one, matched.
   */
  authenticate(presented: string): ApiKey | undefined {
    const digest = createHash('sha256').update(presented, 'utf8').digest();
    let found: ApiKey | undefined;
    for (const key of this.keys) {
      if (timingSafeEqual(digest, key.digest) && found === undefined) found = key;
    }
    return found;
  }

  /** Reads the file again; on any problem keeps the keys in force. Returns whether the new keys apply. */
  reload(reason: string): boolean {
    const file = this.config.keysFile;
    if (file === undefined) return false;
    try {
      this.keys = this.read(file);
      this.logger.log(`${this.keys.length} API key(s) reloaded from ${file} (${reason})`);
      return true;
    } catch (error) {
      this.logger.error(`API keys not reloaded (${reason}), the previous ${this.keys.length} key(s) stay in force: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }

  onModuleDestroy(): void {
    if (this.config.keysFile === undefined) return;
    unwatchFile(this.config.keysFile, this.onFileChange);
    process.off('SIGHUP', this.onSighup);
  }

  private read(file: string): ApiKey[] {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new InvalidApiKeysFileError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
    }
    return parseApiKeys(text, file);
  }
}
