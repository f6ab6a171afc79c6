import type { SkipReason } from './interfaces/skip-reason.interface';

/**
 * Exit codes of `npm run cache:import` (also in docs/migration.md). Every failure except a
 * usage error leaves what was already written in place, so rerunning the same command continues.
 */
export const EXIT_CODES = {
  /** The file was read to the end; invalid entries were skipped and counted. */
  success: 0,
  /** The file cannot be read, or it is not JSON / not a key-value store (nothing usable in it). */
  unreadableFile: 1,
  /** Bad or missing flag, invalid `REDIS_*` variable, or a `--collection` the file does not have. */
  usage: 2,
  /** Redis could not be reached, the connection was lost, or Redis refused a write. */
  redis: 3,
  /** The file is truncated or broken part-way; the entries before the damage were imported. */
  damagedFile: 4,
  /** Stopped by SIGINT (SIGTERM: 143) after finishing the batch in flight. */
  interrupted: 130,
} as const;

/** Entries per pipelined `SET` batch (`--batch-size`). */
export const DEFAULT_BATCH_SIZE = 64;

/** Largest `--batch-size` accepted. */
export const MAX_BATCH_SIZE = 10_000;

/**
 * A batch is also sent once its values reach this many bytes (42 vectors of 1536 dims), so that
 * one batch and ioredis's copies of it stay at a few MiB whatever `--batch-size` and the dims.
 * The input is paused while a batch is in flight, so smaller batches overlap better: on a 500 MB
 * file 112 KiB and 256 KiB batches ran at 24-25 MiB/s, 4 MiB ones at 21.5 MiB/s, same peak RSS.
 */
export const MAX_BATCH_BYTES = 256 * 1024;

/** Largest `--dims` accepted (the binary format itself allows 2^32 - 1). */
export const MAX_DIMS = 65_536;

/** Time to open the Redis connection before giving up. */
export const REDIS_CONNECT_TIMEOUT_MS = 5_000;

/**
 * Upper bound of one pipelined batch: a 256 KiB batch takes ~0.2 s even over a 10 Mbit/s link,
 * so only a frozen or wedged server exceeds 10 s. The import then fails instead of hanging.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 10_000;

/**
 * A full garbage collection is run after every this many bytes of input. While the import waits
 * for Redis, V8's idle-time scavenges promote the batch in flight (its Buffers and ioredis's
 * copies); they die right after, but V8 ran no major GC during a whole 500 MB import (seen with
 * --trace-gc), so they were never freed: peak RSS 220 MiB instead of ~180 MiB, growing with the
 * file. One forced GC costs ~30 ms. Every 16 MiB peaked 3 MiB lower than every 64 MiB, at the
 * same throughput within noise (~24 MiB/s).
 */
export const FULL_GC_EVERY_BYTES = 16 * 1024 * 1024;

/** Interval of the progress bar redraw on a terminal. */
export const TTY_PROGRESS_INTERVAL_MS = 200;

/** Interval of the plain progress lines when stderr is not a terminal (logs, CI). */
export const LINE_PROGRESS_INTERVAL_MS = 5_000;

/** A legacy key: the lowercase hex sha256 of `model::text` (uppercase hex is accepted and lowercased). */
export const LEGACY_KEY_PATTERN = /^[0-9a-fA-F]{64}$/;

/** The property of a value object that holds the vector: `{"embedding": [...]}`. */
export const EMBEDDING_PROPERTY = 'embedding';

/**
 * What the sanitiser writes in place of the bare `NaN`, `Infinity` and `-Infinity` tokens that
 * Python's `json.dumps` emits and strict JSON parsers reject: JSON strings starting with `\u0000`,
 * so that the parser reads on and the entry is counted under "NaN/Infinity". A genuine string with
 * this content in a vector would be counted there too instead of under "not a vector".
 */
export const NON_FINITE_SENTINELS: Readonly<Record<'NaN' | 'Infinity' | '-Infinity', string>> = {
  NaN: '\u0000NaN',
  Infinity: '\u0000Infinity',
  '-Infinity': '\u0000-Infinity',
};

/** Every skip reason, in the order the summary lists them. */
export const SKIP_REASONS: readonly SkipReason[] = ['badKey', 'notVector', 'nonFinite', 'mixedDims'];

/** How the summary names each skip reason. */
export const SKIP_REASON_LABELS: Readonly<Record<SkipReason, string>> = {
  badKey: 'bad key',
  notVector: 'not a vector',
  nonFinite: 'NaN/Infinity',
  mixedDims: 'mixed dims',
};
