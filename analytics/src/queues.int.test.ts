import type { Job, Worker } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { enqueue } from '@consilium/jobs/queue';
import { scheduleSweeps } from './queues.ts';
import { factories, useQueues, useTestDatabase } from './test/harness.ts';

const t = useTestDatabase();
const make = factories(() => t.db);
const queues = useQueues();

function next(worker: Worker, event: 'completed' | 'failed'): Promise<{ job: Job; outcome: unknown }> {
  return new Promise((resolve) => {
    worker.once(event, (job: Job | undefined, outcome: unknown) => resolve({ job: job!, outcome }));
  });
}

describe('the analytics queue', () => {
  it('schedules each sweep once however many processes upsert them, and a worker runs them', async () => {
    const q = queues.setup();
    const account = await make.account();
    const expired = await make.session(account.id, -60_000);
    const live = await make.session(account.id, 60_000);
    const sweeps = ['sessions:purge-expired', 'surveys:close-due', 'surveys:open-waves', 'responses:settle', 'pseudonyms:settle', 'reports:enqueue-pending', 'credentials:reverify-due', 'push:deliver', 'notifications:mail'];

    // Two worker processes starting at once both upsert the same schedulers.
    const [first, second] = [q.queue(), q.queue()];
    await Promise.all([scheduleSweeps(first, 300), scheduleSweeps(second, 300)]);
    expect(await first.getJobSchedulersCount()).toBe(sweeps.length);
    expect(await first.getJobCountByTypes('waiting', 'delayed', 'prioritized')).toBe(sweeps.length);

    // Nothing is due for re-verification: a mail sent would be a bug (the sweep needs a transport all the same).
    const mail = { sendMail: async () => { throw new Error('no credential is due: nothing should be mailed'); }, webUrl: 'http://localhost:3000' };
    const notificationMail = {
      send: async () => { throw new Error('no account mails notifications: nothing should be mailed'); },
      pseudonymSecret: 'test-pseudonym-secret-of-at-least-32-characters', mailTokenSecret: 'test-mail-token-secret-of-at-least-32-characters',
      webUrl: 'http://localhost:3000', unsubscribeUrl: 'http://localhost:4000/mail/unsubscribe',
    };
    const worker = q.worker({ ...t.deps, queue: first, mail, notificationMail });
    const completed = new Map<string, unknown>();
    await new Promise<void>((resolve) => {
      worker.on('completed', (job: Job, outcome: unknown) => {
        completed.set(job.name, outcome);
        if (completed.size === sweeps.length) resolve();
      });
    });
    expect(Object.fromEntries(completed)).toEqual({ 'sessions:purge-expired': { deleted: 1 }, 'surveys:close-due': { closed: 0 }, 'surveys:open-waves': { opened: 0, keyed: 0 }, 'responses:settle': { settled: 0 }, 'pseudonyms:settle': { settled: 0 }, 'reports:enqueue-pending': { due: 0, files: 0 }, 'credentials:reverify-due': { queued: 0 }, 'push:deliver': { accounts: 0, sent: 0, failed: 0, gone: 0 }, 'notifications:mail': { immediate: 0, daily: 0, weekly: 0 } });
    expect(await t.db.session.findUnique({ where: { id: expired.id } })).toBeNull();
    expect(await t.db.session.findUnique({ where: { id: live.id } })).not.toBeNull();

    // Each scheduler has queued its next sweep, a period later.
    const upcoming = await first.getDelayed();
    expect(upcoming.map((job) => job.name).sort()).toEqual([...sweeps].sort());
    for (const job of upcoming) expect(job.timestamp + job.delay).toBeGreaterThan(Date.now() + 290_000);
  });

  it('fails a malformed payload at once, without retries', async () => {
    const q = queues.setup();
    const queue = q.queue();
    const worker = q.worker(t.deps);
    const failed = next(worker, 'failed');
    // Straight onto the queue, as a producer that skipped `enqueue` would.
    const added = await queue.add('sessions:purge-expired', { batchSize: 'lots' });

    const { job, outcome } = await failed;
    expect(job.id).toBe(added.id);
    expect((outcome as Error).name).toBe('UnrecoverableError');
    expect(job.opts.attempts).toBe(5);
    expect(job.attemptsMade).toBe(1);
    expect(await queue.getJobState(added.id!)).toBe('failed');
    expect(job.failedReason).toMatch(/^invalid payload for "sessions:purge-expired": batchSize: /);
  });

  it('refuses a malformed payload at the producer', async () => {
    const queue = queues.setup().queue();
    // @ts-expect-error the payload type refuses it too
    await expect(enqueue(queue, 'sessions:purge-expired', { batchSize: 'lots' })).rejects.toThrow(/batchSize/);
    expect(await queue.count()).toBe(0);
  });

  it('enqueues a valid job once per job id', async () => {
    const queue = queues.setup().queue();
    const a = await enqueue(queue, 'sessions:purge-expired', { batchSize: 10 }, 'purge-now');
    const b = await enqueue(queue, 'sessions:purge-expired', { batchSize: 10 }, 'purge-now');
    expect(a.id).toBe('purge-now');
    expect(b.id).toBe('purge-now');
    expect(await queue.count()).toBe(1);
  });
});
