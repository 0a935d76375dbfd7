/**
 * Redis stopped under load (issue 15, point 5), on a redis-server of the suite's own. The rule
 * (docs/operations.md, "Faults"): logins fail closed — their limits are the only defence against
 * password guessing, so a login is refused 503 while they cannot be counted; answers and
 * discussion writes fail open — a token is spent once by PostgreSQL whatever Redis says, a post
 * is its pseudonym's and moderated — and idempotency records are skipped. When Redis is back,
 * logins work again without restarting anything.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '../cluster/cluster.ts';
import { TEST_PASSWORD } from '../test/harness.ts';
import { finder, loadPlan } from './fixture.ts';
import { faultLine, send, startLoad, tally } from './load.ts';
import { expectCleanRefusals, faultSuite } from './suite.ts';

const suite = faultSuite();
const LOGIN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';

describe('Redis stopped', () => {
  it('logins are refused (503) while answers and replies go on; all of it recovers when Redis returns', async () => {
    const a = await suite.api('api-redis');
    const plan = await loadPlan(suite.t, a.port!, 45);
    const load = startLoad(() => a.port!, plan);
    await load.answered(6);

    await suite.redis.stopServer();
    const down = load.outcomes.length;
    await load.answered(18);
    const upAgain = load.outcomes.length;
    // Still in the balancer, degraded: taking every process out would refuse the answers too.
    const readiness = (await (await fetch(`http://127.0.0.1:${a.port!}/readyz`)).json()) as { ready: boolean; degraded?: boolean; redis: string };
    expect(readiness).toMatchObject({ ready: true, degraded: true });
    expect(['unreachable', 'timeout']).toContain(readiness.redis);
    await suite.redis.startServer();
    // The API's client reconnects by itself (its back-off is at most 2 s).
    await waitFor('a login with Redis back', async () => Boolean((await send(a.port!, LOGIN, { e: plan.loginEmails[0], p: TEST_PASSWORD })).body?.data?.login), 30_000);
    await load.answered(9);
    const outcomes = await load.stop();

    const counts = await tally(outcomes, finder(suite.t, plan, () => a.port!));
    console.log(faultLine('Redis stopped (SIGKILL) and started again, empty', '4 clients: answers, replies (with Idempotency-Key), logins', counts));
    expect(Object.values(counts).map((c) => c.lost)).toEqual([0, 0, 0]);

    const during = outcomes.slice(down, upAgain);
    // Fail open: every answer and reply sent while Redis was down was taken.
    expect(during.filter((o) => o.op !== 'login').every((o) => o.acknowledged)).toBe(true);
    expect(during.filter((o) => o.op === 'answer').length).toBeGreaterThan(0);
    // Fail closed: no login got in while its limits could not be counted, and each was told why.
    const logins = during.filter((o) => o.op === 'login');
    expect(logins.length).toBeGreaterThan(0);
    expect(logins.every((o) => !o.acknowledged)).toBe(true);
    expectCleanRefusals(outcomes, ['SERVICE_UNAVAILABLE']);
    expect(outcomes.filter((o) => !o.acknowledged).every((o) => o.op === 'login' && o.text.includes('redis_unreachable'))).toBe(true);
    // Recovered: the logins after Redis came back got in.
    expect(outcomes.slice(-6).filter((o) => o.op === 'login').every((o) => o.acknowledged)).toBe(true);
    expect(a.lines.some((line) => line.includes('Redis unreachable: requests go on uncounted'))).toBe(true);
  });
});
