/** The admin's landing counts: each one follows what waits, and drops once it is dealt with. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postThread } from '../test/discussion.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100' });
});
afterAll(() => t.close());

const OVERVIEW = '{ adminOverview { pendingCredentials surveysToReview openPostReports unpaidOrders failedReportJobs } }';

describe('adminOverview', () => {
  it('counts pending licences, submitted surveys, open post reports, unpaid orders and failed report builds', async () => {
    const admin = await t.make.admin();
    const read = async () => {
      const res = await t.gql<{ adminOverview: Record<string, number> }>(OVERVIEW, {}, { token: admin.token });
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      return res.data!.adminOverview;
    };
    expect(await read()).toEqual({ pendingCredentials: 0, surveysToReview: 0, openPostReports: 0, unpaidOrders: 0, failedReportJobs: 0 });

    const pending = await t.make.pendingPhysician();
    await t.make.verifiedPhysician();
    await t.make.survey({ status: 'SUBMITTED' });
    await t.make.survey({ status: 'DRAFT' });
    const [author, reporter] = [await t.make.verifiedPhysician(), await t.make.verifiedPhysician()];
    const thread = await postThread(t, author.token);
    const reported = await t.gql(`mutation ($p: ID!) { reportPost(postId: $p, reason: "Off topic here") }`, { p: thread.id }, { token: reporter.token });
    expect(reported.errors, JSON.stringify(reported.errors)).toBeUndefined();
    const client = await t.make.client();
    for (const [status, reportStatus] of [['INVOICED', 'FAILED'], ['PAID', 'READY']] as const) {
      const survey = await t.make.survey({ status: 'CLOSED', owner: client });
      await t.db.report.create({ data: { surveyId: survey.id, status: reportStatus, dueAt: new Date() } });
      await t.db.reportOrder.create({
        data: { surveyId: survey.id, organizationId: client.account.organizationId!, amountCents: 1, baseFeeCents: 1, perRespondentCents: 0, respondents: 0, invoiceNumber: `TEST-${survey.id.slice(0, 8)}`, buyerName: 'Agence test', totalCents: 1, dueAt: new Date(), status },
      });
    }
    expect(await read()).toEqual({ pendingCredentials: 1, surveysToReview: 1, openPostReports: 1, unpaidOrders: 1, failedReportJobs: 1 });

    // Dealt with: the licence decided, the post restored (its reports resolved).
    const credential = await t.db.credential.findFirstOrThrow({ where: { accountId: pending.account.id } });
    const decided = await t.gql(`mutation ($id: ID!) { reviewCredential(id: $id, approve: true) { id } }`, { id: credential.id }, { token: admin.token });
    expect(decided.errors, JSON.stringify(decided.errors)).toBeUndefined();
    const restored = await t.gql(`mutation ($p: ID!) { moderatePost(action: RESTORE, postId: $p, reason: "Nothing wrong") { id } }`, { p: thread.id }, { token: admin.token });
    expect(restored.errors, JSON.stringify(restored.errors)).toBeUndefined();
    expect(await read()).toMatchObject({ pendingCredentials: 0, openPostReports: 0 });
  });
});
