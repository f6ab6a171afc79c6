import type { EmbeddingJobData } from '../interfaces/embedding-job-data.interface';
import type { IngestDocumentJobData } from '../interfaces/ingest-document-job-data.interface';

/**
 * What a completed job keeps of its payload: who it was for, not the texts (a 100,000-text job
 * carries ~9 MB, a document up to 5 million characters). The summary is the job's return value,
 * its counts the hash's `total` field (`JOB_TOTAL_FIELD`).
 */
export function compactJobData(data: Partial<EmbeddingJobData & IngestDocumentJobData> | undefined): Record<string, unknown> {
  const { texts, text, ...rest } = data ?? {};
  return {
    ...rest,
    payloadDropped: true,
    ...(Array.isArray(texts) ? { textCount: texts.length } : {}),
    ...(typeof text === 'string' ? { textLength: text.length } : {}),
  };
}
