/**
 * PostgreSQL faults (issue 15, point 5), on a cluster of the suite's own with built API processes
 * pointed at it: the server restarted under load, the connection pool exhausted, a slow
 * statement. Each prints what was sent, acknowledged and found afterwards; nothing acknowledged
 * may be lost, and every refusal is a 503 with Retry-After and a code — never a stack or a 500.
 */
import { expect, describe, it } from 'vitest';
import { answeredSurveys, finder, loadPlan } from './fixture.ts';
import { faultLine, send, startLoad, tally } from './load.ts';
import { ready } from './rig.ts';
import { expectCleanRefusals, expectRetriedAnswersCounted, faultSuite, holdingLock } from './suite.ts';

const suite = faultSuite();
const CLOSE = 'mutation ($id: ID!) { closeSurvey(id: $id) { status } }';

describe('PostgreSQL faults', () => {
  it('PostgreSQL restarted under load: every acknowledged answer, post and login is there afterwards, refusals are 503s, and the API recovers by itself', async () => {
    const a = await suite.api('api-restart');
    const worker = await suite.worker('worker-restart');
    const plan = await loadPlan(suite.t, a.port!, 45);
    const reports = await answeredSurveys(suite.t, a.port!, 2);
    const load = startLoad(() => a.port!, plan);
    await load.answered(9);
    // Two surveys closed just before: their report builds are queued, or running, when the server goes.
    const closes = [];
    for (const { survey, clientToken } of reports) closes.push(await send(a.port!, CLOSE, { id: survey.id }, clientToken));
    expect(closes.map((c) => c.body?.data)).toEqual([{ closeSurvey: { status: 'CLOSED' } }, { closeSurvey: { status: 'CLOSED' } }]);
    // Stopped (-m fast: every connection cut) and started again, with requests sent meanwhile.
    await suite.db.stopServer();
    await load.answered(12);
    expect(await ready(a.port!)).toBe(false);
    await suite.db.startServer();
    await load.answered(9);
    const outcomes = await load.stop();

    const counts = await tally(outcomes, finder(suite.t, plan, () => a.port!));
    // The worker, not restarted either, builds both reports (retrying what the outage failed), each once.
    const surveyIds = reports.map((r) => r.survey.id);
    await expect.poll(async () => suite.t.db.report.count({ where: { surveyId: { in: surveyIds }, status: 'READY' } }), { timeout: 60_000, interval: 250 }).toBe(2);
    expect(worker.child.exitCode).toBeNull();
    const failedBuilds = worker.lines.filter((line) => line.includes('"job":"reports:build"') && line.includes('job failed')).length;
    const built = { sent: 2, acknowledged: 2, found: 2, lost: 0 };
    console.log(faultLine('PostgreSQL stopped (pg_ctl -m fast) and started again', '4 clients: answers, replies, logins; 2 report builds', { ...counts, 'report build': built } as never) + ` | build attempts failed by the outage and retried: ${failedBuilds}`);
    expect(Object.values(counts).map((c) => c.lost)).toEqual([0, 0, 0]);
    expect(outcomes.filter((o) => !o.acknowledged).length).toBeGreaterThan(0);
    expectCleanRefusals(outcomes, ['SERVICE_UNAVAILABLE']);
    // The same process serves again, unrestarted; the physicians whose answer was refused send it again and are counted.
    expect(await ready(a.port!)).toBe(true);
    expect(a.child.exitCode).toBeNull();
    await expectRetriedAnswersCounted(suite.t, a.port!, plan, outcomes);
    expect(a.lines.filter((line) => /unexpected error/.test(line))).toEqual([]);
  });

  it('the connection pool exhausted: requests queue for DATABASE_POOL_TIMEOUT_MS, then 503; none hangs, none is lost', async () => {
    const a = await suite.api('api-pool', { DATABASE_POOL_MAX: '2', DATABASE_POOL_TIMEOUT_MS: '500' });
    const plan = await loadPlan(suite.t, a.port!, 30);
    const load = startLoad(() => a.port!, plan);
    await load.answered(6);
    // Replies wait on a lock held for 2.5 s, each holding one of the two connections meanwhile:
    // everything else queues for a connection, and gives up after 500 ms.
    await holdingLock(suite.db.url, 'post', 2_500);
    await load.answered(9);
    const outcomes = await load.stop();

    const counts = await tally(outcomes, finder(suite.t, plan, () => a.port!));
    console.log(faultLine('Pool exhausted (2 connections, replies blocked 2.5 s)', '4 clients: answers, replies, logins', counts));
    expect(Object.values(counts).map((c) => c.lost)).toEqual([0, 0, 0]);
    const refused = outcomes.filter((o) => !o.acknowledged);
    expect(refused.length).toBeGreaterThan(0);
    expectCleanRefusals(outcomes, ['SERVICE_UNAVAILABLE']);
    expect(refused.every((o) => o.text.includes('database_busy'))).toBe(true);
    await expectRetriedAnswersCounted(suite.t, a.port!, plan, outcomes);
  });

  it('a slow statement: statement_timeout cancels it, and its request gets 503 TIMEOUT; the rest go on', async () => {
    const a = await suite.api('api-timeout', { DATABASE_STATEMENT_TIMEOUT_MS: '800' });
    const plan = await loadPlan(suite.t, a.port!, 30);
    const load = startLoad(() => a.port!, plan);
    await load.answered(6);
    const locked = holdingLock(suite.db.url, 'post', 3_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // A read of the feed's compiled fast path (one statement built outside the resolvers) meets the same timeout.
    const feed = await send(a.port!, '{ feed(first: 5) { edges { node { id title } } } }', {}, plan.writerToken);
    await locked;
    await load.answered(9);
    const outcomes = await load.stop();
    expect([feed.status, feed.retryAfter, feed.body?.errors?.[0]?.extensions?.code], feed.text).toEqual([503, '5', 'TIMEOUT']);

    const counts = await tally(outcomes, finder(suite.t, plan, () => a.port!));
    console.log(faultLine('Slow statement (replies blocked 3 s, statement_timeout 800 ms)', '4 clients: answers, replies, logins', counts));
    expect(Object.values(counts).map((c) => c.lost)).toEqual([0, 0, 0]);
    const refused = outcomes.filter((o) => !o.acknowledged);
    expect(refused.length).toBeGreaterThan(0);
    expectCleanRefusals(outcomes, ['TIMEOUT']);
    // Only the statements that waited were cut: answers and logins, on other tables, went through.
    expect(new Set(refused.map((o) => o.op))).toEqual(new Set(['post']));
  });
});
