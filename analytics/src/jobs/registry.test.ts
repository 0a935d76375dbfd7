import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { isJobName } from '@consilium/jobs/payloads';
import { resolveJob } from './registry.ts';

function failure(name: string, data: unknown): Error {
  try {
    resolveJob(name, data);
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected resolveJob to throw');
}

describe('resolveJob', () => {
  it('finds a job and applies its payload defaults', () => {
    const { job, payload } = resolveJob('sessions:purge-expired', {});
    expect(job.name).toBe('sessions:purge-expired');
    expect(payload).toEqual({ batchSize: 1_000 });
  });

  it('refuses an unknown job name as unrecoverable', () => {
    const err = failure('reports:nope', {});
    expect(err).toBeInstanceOf(UnrecoverableError);
    expect(err.message).toBe('unknown job "reports:nope"');
  });

  it('does not take inherited properties for job names', () => {
    expect(isJobName('toString')).toBe(false);
    expect(failure('constructor', {})).toBeInstanceOf(UnrecoverableError);
  });

  it.each([null, 'text', { batchSize: 'lots' }, { batchSize: 0 }, { batchSize: 1.5 }])(
    'refuses the payload %j as unrecoverable, naming the field but not the value',
    (data) => {
      const err = failure('sessions:purge-expired', data);
      expect(err).toBeInstanceOf(UnrecoverableError);
      expect(err.message).toMatch(/^invalid payload for "sessions:purge-expired": /);
      expect(err.message).not.toContain('lots');
    },
  );
});
