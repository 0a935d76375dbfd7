/**
 * An API process SIGKILLed in the middle of `submitSurveyResponse` (issue 15, point 5). Answers
 * are held at their one write statement (a lock on survey_response) when the process dies: its
 * connections go, but PostgreSQL runs the statements it already has once the lock is released,
 * so those answers are stored with no reply ever sent. Each physician whose answer got no
 * acknowledgement sends it again, with the same token, through another process: stored once
 * already ("token_spent": its answers are recorded), or not at all (taken now) — never twice.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { finder, loadPlan } from './fixture.ts';
import { faultLine, startLoad, tally } from './load.ts';
import { expectRetriedAnswersCounted, faultSuite } from './suite.ts';

const suite = faultSuite();

/** Answer statements (`answerStatement`, known by its first lines: the activity view keeps 1 kB of a statement) waiting on a lock. */
async function waitingOnLocks(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE SKIP LOCKED%'");
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

describe('an API process killed mid-answer', () => {
  it('SIGKILL while answers are being written: each answer is stored once or not at all, and the retry with the same token says which', async () => {
    const killed = await suite.api('api-killed');
    const survivor = await suite.api('api-survivor');
    const plan = { ...(await loadPlan(suite.t, killed.port!, 40)), ops: ['answer' as const] };
    let target = killed.port!;
    const load = startLoad(() => target, plan);
    await load.answered(6);

    const locker = new pg.Client({ connectionString: suite.db.url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE survey_response IN ACCESS EXCLUSIVE MODE');
    const deadline = Date.now() + 20_000;
    while ((await waitingOnLocks(suite.db.url)) < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const inFlight = await waitingOnLocks(suite.db.url);
    killed.child.kill('SIGKILL');
    expect((await killed.exited).signal).toBe('SIGKILL');
    // The physicians' next answers go to the other process (the balancer's work in production).
    target = survivor.port!;
    await locker.query('COMMIT');
    await locker.end();
    await load.answered(8);
    const outcomes = await load.stop();

    const counts = await tally(outcomes, finder(suite.t, plan, () => survivor.port!));
    const retried = await expectRetriedAnswersCounted(suite.t, survivor.port!, plan, outcomes);
    console.log(
      faultLine('API process SIGKILLed mid-submitSurveyResponse', `4 clients answering; ${inFlight} answers at their write when killed`, { answer: counts.answer }) +
        ` | retried with the same token: ${retried.alreadyRecorded} already recorded, ${retried.taken} taken`,
    );
    expect(counts.answer.lost).toBe(0);
    expect(inFlight).toBeGreaterThanOrEqual(2);
    // The answers held at their write were stored after the process died: their retry is told so.
    expect(retried.alreadyRecorded).toBeGreaterThanOrEqual(inFlight);
  });
});
