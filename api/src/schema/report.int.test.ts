import { defaultReportSettings } from '@consilium/analytics/job';
import { buildReport } from '@consilium/analytics/reports-build';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderReport } from '../domain/reports/orders.ts';
import { signedCsvUrl } from '../domain/reports/access.ts';
import { servedTestApp, type ServedTestApp } from '../test/harness.ts';
import * as surveys from '../test/surveys.ts';

let t: ServedTestApp;
beforeAll(async () => {
  t = await servedTestApp({ REPORT_BASE_FEE_CENTS: '150000', REPORT_FEE_PER_RESPONDENT_CENTS: '500' });
});
afterAll(() => t.close());

const ORDER = 'mutation ($s: ID!) { orderReport(surveyId: $s) { id status amountCents invoiceNumber surveyTitle organizationName paidAt invoicePdfUrl invoiceHtmlUrl reportStatus } }';
const PAY = 'mutation ($o: ID!) { markOrderPaid(orderId: $o) { id status paidAt reportStatus } }';
const REPORT = `query ($s: ID!) { report(surveyId: $s) { surveyId status respondents k epsilon privacyBudget surveyTitle generatedAt csvUrl failureReason
  fieldedFrom fieldedUntil targeting { specialties countries regions minYearsInPractice } figures { published withheld questionsWithout }
  questions { questionId kind n suppressed mean median texts choices { label count share ciLow ciHigh suppressed } histogram { low high count suppressed }
    crossTabs { dimension cells { segment n suppressed mean choices { label count suppressed } } } } } }`;

/** A CLOSED survey of a client with `spec` answers: [segment, choice index, number] × count. */
async function closedSurvey(spec: Array<[string, number, number, number]>, options: { closedHoursAgo?: number } = {}) {
  const client = await t.make.client();
  const survey = await t.make.survey({ owner: client, status: 'CLOSED', questions: ['SINGLE_CHOICE', 'NUMBER'], title: 'Winter <b>prescribing</b>' });
  const closedAt = new Date(Date.now() - (options.closedHoursAgo ?? 72) * 3_600_000);
  const total = spec.reduce((s, [, , , n]) => s + n, 0);
  await t.db.survey.update({ where: { id: survey.id }, data: { closedAt, responseCount: total, tokensIssued: total, receiptsRedeemed: total - 1 } });
  const [single, number] = survey.questions;
  for (const [segment, choice, value, count] of spec) {
    for (let i = 0; i < count; i++) {
      await t.db.surveyResponse.create({
        data: { surveyId: survey.id, segment, submittedOn: new Date(), answers: { create: [{ questionId: single!.id, choiceIds: [single!.choices[choice]!.id] }, { questionId: number!.id, number: value }] } },
      });
    }
  }
  await t.db.report.create({ data: { surveyId: survey.id, dueAt: closedAt } });
  return { client, survey };
}

const SPEC: Array<[string, number, number, number]> = [
  ['cardiology|FR|10-19', 0, 20, 14], ['cardiology|FR|10-19', 1, 40, 12], ['pediatrics|BE|0-9', 2, 60, 5], ['pediatrics|FR|20-29', 0, 80, 9],
];

async function fetchAs(path: string, token?: string) {
  return fetch(`${t.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

describe('orders and invoices', () => {
  it('prices, invoices and returns the same order when ordered twice; an admin marks it paid (audited)', async () => {
    const { client, survey } = await closedSurvey(SPEC);
    const admin = await t.make.admin();
    const quote = await t.gql('query ($s: ID!) { orderQuote(surveyId: $s) { respondents amountCents baseFeeCents perRespondentCents } }', { s: survey.id }, { token: client.token });
    expect(quote.data).toEqual({ orderQuote: { respondents: 40, amountCents: 150_000 + 40 * 500, baseFeeCents: 150_000, perRespondentCents: 500 } });

    const first = await t.gql<{ orderReport: Record<string, unknown> }>(ORDER, { s: survey.id }, { token: client.token });
    expect(first.errors).toBeUndefined();
    const order = first.data!.orderReport;
    expect(order).toMatchObject({ status: 'INVOICED', amountCents: 170_000, surveyTitle: 'Winter <b>prescribing</b>', organizationName: 'Agence test', paidAt: null, reportStatus: 'PENDING' });
    expect(order.invoiceNumber).toMatch(new RegExp(`^CONS-${new Date().getUTCFullYear()}-\\d{6}$`));
    expect(order.invoicePdfUrl).toBe(`/invoices/${order.id}.pdf`);
    const again = await t.gql<{ orderReport: Record<string, unknown> }>(ORDER, { s: survey.id }, { token: client.token });
    expect(again.data!.orderReport).toEqual(order);
    expect(await t.db.reportOrder.count({ where: { surveyId: survey.id } })).toBe(1);

    const mine = await t.gql<{ orders: Array<{ id: string }> }>('{ orders { id } }', {}, { token: client.token });
    expect(mine.data!.orders.map((o) => o.id)).toEqual([order.id]);
    const other = await t.make.client();
    expect((await t.gql<{ orders: unknown[] }>('{ orders { id } }', {}, { token: other.token })).data!.orders).toEqual([]);
    expect((await t.gql(ORDER, { s: survey.id }, { token: other.token })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'surveyId' });

    const paid = await t.gql<{ markOrderPaid: Record<string, unknown> }>(PAY, { o: order.id }, { token: admin.token });
    expect(paid.data!.markOrderPaid).toMatchObject({ status: 'PAID', reportStatus: 'PENDING' });
    expect(await t.db.auditEntry.count({ where: { action: 'order.paid', targetId: order.id as string, actorId: admin.account.id } })).toBe(1);
    const twice = await t.gql(PAY, { o: order.id }, { token: admin.token });
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'orderId', reason: 'wrong_state' });
  });

  it('refuses an order of a survey not closed, naming surveyId, and changes nothing', async () => {
    const client = await t.make.client();
    const open = await t.make.survey({ owner: client, status: 'OPEN' });
    const res = await t.gql(ORDER, { s: open.id }, { token: client.token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'surveyId', reason: 'wrong_state' });
    expect(await t.db.reportOrder.count({ where: { surveyId: open.id } })).toBe(0);
  });

  it('numbers invoices without gaps: a failed order gives its number back, concurrent orders get consecutive numbers', async () => {
    const year = 2031;
    const surveys = await Promise.all([1, 2, 3, 4].map(() => closedSurvey([])));
    // k respondents each (counted, not stored): a survey with fewer would publish nothing, and its order is refused.
    await t.db.survey.updateMany({ where: { id: { in: surveys.map((s) => s.survey.id) } }, data: { responseCount: t.env.REPORT_K } });
    const ctx = (c: (typeof surveys)[number]['client']) => ({ ...t.services, viewer: { accountId: c.account.id, sessionId: 'x', role: 'CLIENT' as const, organizationId: c.account.organizationId, verification: null, secondFactor: false, emailConfirmed: true, staffRoles: [], credential: null }, ip: 'test', locale: 'en' as const });
    const at = new Date(Date.UTC(year, 5, 1));
    const first = await orderReport(ctx(surveys[0]!.client), surveys[0]!.survey.id, at);
    expect(first.invoiceNumber).toBe(`CONS-${year}-000001`);
    // A transaction that takes a number then fails: rolled back, number and all.
    await expect(
      t.db.$transaction(async (tx) => {
        await tx.$queryRaw`UPDATE invoice_counter SET last = last + 1 WHERE year = ${year}`;
        throw new Error('payment system down');
      }),
    ).rejects.toThrow('payment system down');
    const concurrent = await Promise.all(surveys.slice(1).map((s) => orderReport(ctx(s.client), s.survey.id, at)));
    expect(concurrent.map((o) => o.invoiceNumber).sort()).toEqual([`CONS-${year}-000002`, `CONS-${year}-000003`, `CONS-${year}-000004`]);
  });
});

describe('report access, figures and CSV', () => {
  it('is FORBIDDEN to the owning client until paid, readable by admins always, null for others; figures as computed by hand', async () => {
    const { client, survey } = await closedSurvey(SPEC);
    const admin = await t.make.admin();
    expect((await buildReport(t.db, survey.id, defaultReportSettings)).built).toBe(true);

    const before = await t.gql(REPORT, { s: survey.id }, { token: client.token });
    expect(before.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(before.data).toEqual({ report: null });
    const stranger = await t.make.client();
    expect((await t.gql(REPORT, { s: survey.id }, { token: stranger.token })).data).toEqual({ report: null });

    const asAdmin = await t.gql<{ report: any }>(REPORT, { s: survey.id }, { token: admin.token });
    expect(asAdmin.errors).toBeUndefined();
    const r = asAdmin.data!.report;
    expect(r).toMatchObject({ status: 'READY', respondents: 40, k: 11, epsilon: null, privacyBudget: null, failureReason: null, surveyTitle: 'Winter <b>prescribing</b>' });
    // The method statement's facts: when it was fielded, and for whom.
    const fielded = await t.db.survey.findUniqueOrThrow({ where: { id: survey.id } });
    expect(r).toMatchObject({
      fieldedFrom: fielded.openedAt!.toISOString(), fieldedUntil: fielded.closedAt!.toISOString(),
      targeting: { specialties: [], countries: [], regions: [], minYearsInPractice: null },
    });
    // Both questions publish something; "No", "Unsure", two bins and the mean are among what is withheld.
    expect(r.figures.questionsWithout).toBe(0);
    expect(r.figures.withheld).toBeGreaterThanOrEqual(5);
    expect(r.figures.published).toBeGreaterThan(0);
    // Yes 23 (14 + 9), No 12, Unsure 5 → Unsure under k, and No (next smallest) with it.
    const [q1, q2] = r.questions;
    expect(q1.choices.map((c: any) => [c.label, c.count, c.suppressed])).toEqual([['Yes', 23, false], ['No', 0, true], ['Unsure', 0, true]]);
    expect(q1.choices[0].share).toBe(23 / 40);
    // Built, the answers were settled first: the 9 French and 5 Belgian pediatricians, each group
    // below k, are stored together under "*|*|*"; the 26 cardiologists keep their segment. So a
    // cross-tab shows cardiology 26 and "others" 14, France 26 and "others" 14: no pediatrics,
    // and no Belgium, in what is stored or published.
    expect(q1.crossTabs[0].cells.map((c: any) => [c.segment, c.n, c.suppressed])).toEqual([['*', 14, false], ['cardiology', 26, false]]);
    expect(q1.crossTabs[1].cells.map((c: any) => [c.segment, c.n, c.suppressed])).toEqual([['*', 14, false], ['FR', 26, false]]);
    expect(await t.db.surveyResponse.groupBy({ by: ['segment'], where: { surveyId: survey.id }, _count: { _all: true }, orderBy: { segment: 'asc' } }))
      .toEqual([{ segment: '*|*|*', _count: { _all: 14 } }, { segment: 'cardiology|FR|10-19', _count: { _all: 26 } }]);
    // Numbers 20 ×14, 40 ×12, 60 ×5, 80 ×9: the 60 bin (5) is under k and the 80 bin (9) goes
    // with it; the mean (44.5) would be a second equation on them: mean and median withheld.
    expect(q2).toMatchObject({ kind: 'NUMBER', n: 40, mean: null, median: null, choices: [] });
    expect(q2.histogram.filter((b: any) => b.suppressed).map((b: any) => b.low)).toEqual([60, 80]);

    const order = await t.gql<{ orderReport: { id: string } }>(ORDER, { s: survey.id }, { token: client.token });
    expect((await t.gql(REPORT, { s: survey.id }, { token: client.token })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await t.gql(PAY, { o: order.data!.orderReport.id }, { token: admin.token });
    const after = await t.gql<{ report: any }>(REPORT, { s: survey.id }, { token: client.token });
    expect(after.errors).toBeUndefined();
    expect(after.data!.report.questions).toEqual(r.questions);
    // Paying does not rebuild a READY report.
    expect((await t.db.report.findUniqueOrThrow({ where: { surveyId: survey.id } })).status).toBe('READY');

    // The CSV through its signed link, without a session.
    const csvUrl: string = after.data!.report.csvUrl;
    expect(csvUrl).toMatch(new RegExp(`^/reports/${survey.id}\\.csv\\?expires=\\d+&sig=[0-9a-f]{64}$`));
    const csv = await fetchAs(csvUrl);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await csv.text();
    expect(text).toContain('k,11\n');
    expect(text).toContain('epsilon,none\n');
    expect(text).toContain('Question 1,SINGLE_CHOICE,all,,40,Yes,23,0.575,');
    expect(text).toContain('Question 1,SINGLE_CHOICE,all,,40,Unsure,suppressed,suppressed,suppressed,suppressed,,');
    expect(text).toContain('Question 1,SINGLE_CHOICE,country,FR,26,');
    expect(text).not.toContain('country,BE');
    expect(text).not.toContain('pediatrics');
    expect(text).not.toMatch(/BE,5/);
    expect(text).toContain('Question 2,NUMBER,all,,40,,,,,,withheld,withheld,');
    expect(text).not.toContain('44.5');
    expect(text).not.toContain('privacy_budget');
    const tampered = csvUrl.replace(/sig=(.)/, (_m, c: string) => `sig=${c === 'a' ? 'b' : 'a'}`);
    expect((await fetchAs(tampered)).status).toBe(403);
    expect((await fetchAs(csvUrl.replace(/expires=(\d+)/, (_m, e: string) => `expires=${Number(e) + 60}`))).status).toBe(403);
    const expired = signedCsvUrl(t.env.REPORT_LINK_SECRET, 15, survey.id, Date.now() - 16 * 60_000);
    expect((await fetchAs(expired)).status).toBe(403);
  });

  it('pays a FAILED report back to PENDING; admins see the reason, retry it (audited) and list jobs', async () => {
    const { client, survey } = await closedSurvey(SPEC);
    const admin = await t.make.admin();
    await t.db.report.update({ where: { surveyId: survey.id }, data: { status: 'FAILED', attempts: 5, failureReason: 'unexpected error (Error)' } });
    const jobs = await t.gql<{ reportJobs: any[] }>('{ reportJobs(status: FAILED) { surveyId status attempts failureReason organizationName } }', {}, { token: admin.token });
    expect(jobs.data!.reportJobs).toContainEqual({ surveyId: survey.id, status: 'FAILED', attempts: 5, failureReason: 'unexpected error (Error)', organizationName: 'Agence test' });
    const order = await t.gql<{ orderReport: { id: string } }>(ORDER, { s: survey.id }, { token: client.token });
    await t.gql(PAY, { o: order.data!.orderReport.id }, { token: admin.token });
    expect(await t.db.report.findUniqueOrThrow({ where: { surveyId: survey.id } })).toMatchObject({ status: 'PENDING', attempts: 0, failureReason: null });
    const clientView = await t.gql<{ report: any }>('query ($s: ID!) { report(surveyId: $s) { status failureReason questions { n } csvUrl } }', { s: survey.id }, { token: client.token });
    expect(clientView.data!.report).toEqual({ status: 'PENDING', failureReason: null, questions: [], csvUrl: null });

    const retry = 'mutation ($s: ID!) { retryReport(surveyId: $s) { status attempts } }';
    expect((await t.gql(retry, { s: survey.id }, { token: admin.token })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'surveyId' });
    await t.db.report.update({ where: { surveyId: survey.id }, data: { status: 'FAILED', failureReason: 'x' } });
    expect((await t.gql(retry, { s: survey.id }, { token: admin.token })).data).toEqual({ retryReport: { status: 'PENDING', attempts: 0 } });
    expect(await t.db.auditEntry.count({ where: { action: 'report.retry', targetId: survey.id } })).toBe(1);
  });
});

describe('invoices', () => {
  it('serves the PDF and the printable page to the owning client and admins only', async () => {
    const { client, survey } = await closedSurvey([]);
    await t.db.survey.update({ where: { id: survey.id }, data: { responseCount: t.env.REPORT_K } });
    const admin = await t.make.admin();
    const order = (await t.gql<{ orderReport: { id: string; invoiceNumber: string } }>(ORDER, { s: survey.id }, { token: client.token })).data!.orderReport;
    const pdf = await fetchAs(`/invoices/${order.id}.pdf`, client.token);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const html = await fetchAs(`/invoices/${order.id}.html`, admin.token);
    expect(html.status).toBe(200);
    const page = await html.text();
    expect(page).toContain(order.invoiceNumber);
    expect(page).toContain('Winter &#60;b&#62;prescribing&#60;/b&#62;');
    expect(page).not.toContain('<b>prescribing');
    expect(page).toContain('1\u202f500,00\u00a0€');
    expect((await fetchAs(`/invoices/${order.id}.pdf`)).status).toBe(401);
    expect((await fetchAs(`/invoices/${order.id}.pdf`, 'not-a-session')).status).toBe(401);
    expect((await fetchAs(`/invoices/${order.id}.pdf`, (await t.make.verifiedPhysician()).token)).status).toBe(403);
    expect((await fetchAs(`/invoices/${order.id}.html`, (await t.make.client()).token)).status).toBe(404);
    expect((await fetchAs(`/invoices/00000000-0000-4000-8000-000000000000.pdf`, admin.token)).status).toBe(404);
  });
});

describe('transparency and close paths', () => {
  it('shows every verified physician each closed survey: organisation type, tokens, answers, receipts, k, epsilon', async () => {
    const { survey } = await closedSurvey(SPEC);
    const physician = await t.make.verifiedPhysician();
    const res = await t.gql<{ transparency: any[] }>('{ transparency { surveyId title organizationType tokensIssued responseCount receiptsRedeemed k epsilon closedAt } }', {}, { token: physician.token });
    expect(res.errors).toBeUndefined();
    expect(res.data!.transparency.find((e) => e.surveyId === survey.id)).toMatchObject({ organizationType: 'OTHER', tokensIssued: 40, responseCount: 40, receiptsRedeemed: 39, k: 11, epsilon: null });
    const open = await t.make.survey({ status: 'OPEN' });
    expect(res.data!.transparency.some((e) => e.surveyId === open.id)).toBe(false);
  });

  it('closing a survey writes its PENDING report in the same transaction', async () => {
    const client = await t.make.client();
    const survey = await t.make.survey({ owner: client, status: 'OPEN' });
    const res = await t.gql('mutation ($id: ID!) { closeSurvey(id: $id) { status } }', { id: survey.id }, { token: client.token });
    expect(res.errors).toBeUndefined();
    const report = await t.db.report.findUniqueOrThrow({ where: { surveyId: survey.id } });
    const closed = await t.db.survey.findUniqueOrThrow({ where: { id: survey.id } });
    expect(report.status).toBe('PENDING');
    expect(report.dueAt.getTime()).toBe(closed.closedAt!.getTime() + t.env.SURVEY_GRACE_HOURS * 3_600_000);
  });

  it('closing at the sample size writes the report in the answer’s transaction; a late answer rebuilds a built report', async () => {
    const survey = await surveys.openSurvey(t, { sampleSize: 1, specialties: [] });
    const taken = [await surveys.takeToken(t, survey, await t.make.verifiedPhysician()), await surveys.takeToken(t, survey, await t.make.verifiedPhysician())];
    expect((await surveys.answer(t, survey, taken[0]!)).res.errors).toBeUndefined();
    expect((await t.db.survey.findUniqueOrThrow({ where: { id: survey.id } })).status).toBe('CLOSED');
    expect((await t.db.report.findUniqueOrThrow({ where: { surveyId: survey.id } })).status).toBe('PENDING');
    await t.db.report.update({ where: { surveyId: survey.id }, data: { status: 'READY' } });
    // The second token was issued before the close: its answer is taken within the grace period.
    expect((await surveys.answer(t, survey, taken[1]!)).res.errors).toBeUndefined();
    expect((await t.db.report.findUniqueOrThrow({ where: { surveyId: survey.id } })).status).toBe('PENDING');
  });
});
