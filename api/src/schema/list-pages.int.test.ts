/**
 * The `…Page` connections that replaced whole lists: each caller pages through exactly the rows
 * the list showed them, in its order, ties on the sort value included, and no one else's rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface Connection {
  edges: Array<{ cursor: string; node: Record<string, string> }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Every node of a connection field, read `first` at a time through the cursors. */
async function drain(field: string, node: string, token: string, first = 2) {
  const ids: string[] = [];
  const sizes: number[] = [];
  let after: string | null = null;
  do {
    const res: { data?: Record<string, Connection> | null; errors?: unknown } = await t.gql<Record<string, Connection>>(`query ($after: String) { ${field}(first: ${first}, after: $after) { edges { cursor node { ${node} } } pageInfo { hasNextPage endCursor } } }`, { after }, { token });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const page: Connection = res.data![field]!;
    ids.push(...page.edges.map((e) => e.node[node]!));
    sizes.push(page.edges.length);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return { ids, sizes };
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

describe('paginated lists', () => {
  it('transparencyPage: every CLOSED survey, most recently closed first, ties by id, the same rows as the list', async () => {
    const client = await t.make.client();
    const closed = await Promise.all([1, 2, 3, 4, 5].map(() => t.make.survey({ status: 'CLOSED', owner: client })));
    await t.make.survey({ status: 'OPEN', owner: client });
    const at = [minutesAgo(30), minutesAgo(10), minutesAgo(10), minutesAgo(20), minutesAgo(40)];
    for (const [i, s] of closed.entries()) await t.db.survey.update({ where: { id: s.id }, data: { closedAt: at[i] } });
    const expected = closed.map((s, i) => ({ id: s.id, at: at[i]!.getTime() })).sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1)).map((s) => s.id);

    const physician = await t.make.verifiedPhysician();
    const paged = await drain('transparencyPage', 'surveyId', physician.token);
    expect(paged).toEqual({ ids: expected, sizes: [2, 2, 1] });
    const list = await t.gql<{ transparency: Array<{ surveyId: string }> }>('{ transparency { surveyId } }', {}, { token: physician.token });
    expect(list.data!.transparency.map((s) => s.surveyId)).toEqual(expected);
  });

  it('mySurveysPage: the organisation’s surveys newest first, none of another’s; surveysForReviewPage: SUBMITTED, oldest first', async () => {
    const [mine, theirs] = [await t.make.client(), await t.make.client()];
    const own = await Promise.all([1, 2, 3].map(() => t.make.survey({ status: 'SUBMITTED', owner: mine })));
    const other = await t.make.survey({ status: 'SUBMITTED', owner: theirs });
    // own[2] and the other organisation's survey were submitted at the same instant: the id breaks the tie.
    const created = [minutesAgo(3), minutesAgo(1), minutesAgo(2)];
    for (const [i, s] of own.entries()) await t.db.survey.update({ where: { id: s.id }, data: { createdAt: created[i], submittedAt: created[i] } });
    await t.db.survey.update({ where: { id: other.id }, data: { submittedAt: created[2] } });

    expect((await drain('mySurveysPage', 'id', mine.token)).ids).toEqual([own[1]!.id, own[2]!.id, own[0]!.id]);
    expect((await drain('mySurveysPage', 'id', theirs.token)).ids).toEqual([other.id]);
    const admin = await t.make.admin();
    const review = (await drain('surveysForReviewPage', 'id', admin.token, 1)).ids;
    const tied = [own[2]!.id, other.id].sort();
    expect(review.filter((id) => [...own, other].some((s) => s.id === id))).toEqual([own[0]!.id, ...tied, own[1]!.id]);
  });

  it('ordersPage: a client’s own orders newest first, every order for an admin; myHonorariaPage: the viewer’s ledger only', async () => {
    const [mine, theirs] = [await t.make.client(), await t.make.client()];
    const order = async (owner: typeof mine, n: number) => {
      const survey = await t.make.survey({ status: 'CLOSED', owner });
      return t.db.reportOrder.create({
        data: { surveyId: survey.id, organizationId: owner.account.organizationId!, amountCents: 1, baseFeeCents: 1, perRespondentCents: 0, respondents: 0, invoiceNumber: `TEST-${survey.id.slice(0, 8)}`, createdAt: minutesAgo(n), buyerName: 'Agence test', totalCents: 1, dueAt: minutesAgo(n) },
      });
    };
    const own = [await order(mine, 5), await order(mine, 1), await order(mine, 3)];
    const other = await order(theirs, 2);
    expect((await drain('ordersPage', 'id', mine.token)).ids).toEqual([own[1]!.id, own[2]!.id, own[0]!.id]);
    const ofSurvey = async (token: string, surveyId: string) =>
      (await t.gql<{ ordersPage: Connection }>('query ($s: ID) { ordersPage(surveyId: $s) { edges { cursor node { id } } } }', { s: surveyId }, { token })).data!.ordersPage.edges.map((e) => e.node.id);
    expect(await ofSurvey(mine.token, own[2]!.surveyId)).toEqual([own[2]!.id]);
    expect(await ofSurvey(mine.token, other.surveyId)).toEqual([]);
    const all = (await drain('ordersPage', 'id', (await t.make.admin()).token)).ids;
    expect(all.filter((id) => [...own, other].some((o) => o.id === id))).toEqual([own[1]!.id, other.id, own[2]!.id, own[0]!.id]);

    const [alice, bob] = [await t.make.verifiedPhysician(), await t.make.verifiedPhysician()];
    const entries = await Promise.all([4, 2, 6].map((n) => t.db.honorariumEntry.create({ data: { accountId: alice.account.id, amountCents: n * 100, createdAt: minutesAgo(n) } })));
    await t.db.honorariumEntry.create({ data: { accountId: bob.account.id, amountCents: 999 } });
    expect((await drain('myHonorariaPage', 'id', alice.token)).ids).toEqual([entries[1]!.id, entries[0]!.id, entries[2]!.id]);
  });
});
