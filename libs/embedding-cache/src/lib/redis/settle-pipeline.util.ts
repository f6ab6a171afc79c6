/** What ioredis' `pipeline.exec()` resolves: per command, an error or a reply; `null` if discarded. */
export type PipelineResults = Array<[Error | null, unknown]> | null;

/**
 * The replies of a pipeline, `undefined` where a command failed. When every command failed the
 * first error is thrown instead, so that the caller's guard sees one failed call (a dead node,
 * or an error reply such as OOM for all of them) and logs or counts it once.
 */
export function settlePipeline<T>(results: PipelineResults): Array<T | undefined> {
  if (!results) throw new Error('Redis discarded the pipeline');
  const firstError = results.find(([error]) => error !== null)?.[0];
  if (firstError && results.every(([error]) => error !== null)) throw firstError;
  return results.map(([error, reply]) => (error ? undefined : (reply as T)));
}
