import { Counter, Registry } from 'prom-client';
import { JOBS_TOTAL_OPTIONS, failedAttemptOutcome, initJobsTotal } from './jobs-total.metric';
import type { JobsTotalLabels } from './jobs-total.metric';

describe('embedding_jobs_total', () => {
  it('counts a failed attempt as failed only when the job failed for good (finishedOn set)', () => {
    expect(failedAttemptOutcome({ finishedOn: undefined })).toBe('retried');
    expect(failedAttemptOutcome({ finishedOn: 1_700_000_000_000 })).toBe('failed');
    expect(failedAttemptOutcome(undefined)).toBe('failed');
  });

  it('starts the series of both job kinds at 0', async () => {
    const registry = new Registry();
    const counter = new Counter<JobsTotalLabels>({ ...JOBS_TOTAL_OPTIONS, labelNames: [...JOBS_TOTAL_OPTIONS.labelNames], registers: [registry] });
    initJobsTotal(counter);
    const { values } = await counter.get();
    expect(values.map((v) => `${v.labels.name}/${v.labels.outcome}=${v.value}`).sort()).toEqual([
      'embed-texts/completed=0',
      'embed-texts/failed=0',
      'embed-texts/retried=0',
      'ingest-document/completed=0',
      'ingest-document/failed=0',
      'ingest-document/retried=0',
    ]);
  });
});
