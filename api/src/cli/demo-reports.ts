/**
 * Demo data of research reports: a CLOSED survey with 48 answers over several segments (some
 * cross-tab cells suppressed), a PAID order whose report is queued for the worker to build (its
 * first sweep builds it too); and a second CLOSED survey with an INVOICED order, for an admin to
 * mark paid.
 */
import { markReportDue } from '@consilium/jobs/report-state';
import type { Db } from '@consilium/db';
import { noReportBuilds, type ReportBuilds } from '../domain/reports/builds.ts';
import { BILLING_SELECT } from '../domain/invoicing/parties.ts';
import { formatInvoiceNumber, invoiceTerms, priceOf } from '../domain/reports/orders.ts';
import { parseEnv } from '../env.ts';

const DAY = 86_400_000;

/** Answers per segment: [segment, answers to "Yes / No / Unsure", patients per week]. */
const ANSWERS: Array<[string, [number, number, number], number]> = [
  ['cardiology|FR|10-19', [9, 4, 1], 35],
  ['cardiology|FR|20-29', [6, 3, 2], 50],
  ['pediatrics|FR|0-9', [5, 4, 0], 80],
  ['pediatrics|FR|10-19', [4, 2, 1], 65],
  ['general-practice|BE|20-29', [3, 3, 1], 120],
];

export async function seedDemoReports(
  db: Db, env: { REPORT_BASE_FEE_CENTS: number; REPORT_FEE_PER_RESPONDENT_CENTS: number; REPORT_K: number; SURVEY_GRACE_HOURS: number }, adminId: string | null,
  reportBuilds: ReportBuilds = noReportBuilds,
) {
  const client = await db.account.findFirst({ where: { role: 'CLIENT' }, select: { id: true, organizationId: true, organization: { select: BILLING_SELECT } } });
  if (!client?.organizationId || !client.organization) return [];
  const lines: string[] = [];
  let invoice = 0;
  const year = new Date().getUTCFullYear();
  for (const [index, paid] of [true, false].entries()) {
    const closedAt = new Date(Date.now() - (10 - index * 3) * DAY);
    const total = paid ? ANSWERS.reduce((s, [, c]) => s + c[0] + c[1] + c[2], 0) : 23;
    const survey = await db.survey.create({
      data: {
        organizationId: client.organizationId, createdById: client.id, status: 'CLOSED',
        title: paid ? 'Prescription des antibiotiques en hiver' : 'Téléconsultation après 2020',
        description: 'Enquête de démonstration close.', sampleSize: total, honorariumCents: 1500,
        submittedAt: new Date(closedAt.getTime() - 20 * DAY), openedAt: new Date(closedAt.getTime() - 19 * DAY), closedAt,
        tokensIssued: total, responseCount: total, receiptsRedeemed: total - 2,
        questions: {
          create: [
            { position: 0, kind: 'SINGLE_CHOICE', prompt: 'Prescrivez-vous des antibiotiques pour une bronchite aiguë ?', choices: { create: ['Oui', 'Non', 'Ça dépend'].map((label, position) => ({ position, label })) } },
            { position: 1, kind: 'NUMBER', prompt: 'Patients vus par semaine ?', min: 0, max: 200 },
          ],
        },
      },
      include: { questions: { orderBy: { position: 'asc' }, include: { choices: { orderBy: { position: 'asc' } } } } },
    });
    const [single, number] = survey.questions;
    for (const [segment, counts, patients] of paid ? ANSWERS : ANSWERS.slice(0, 2)) {
      for (const [choice, n] of counts.entries()) {
        for (let i = 0; i < n; i++) {
          await db.surveyResponse.create({
            data: {
              surveyId: survey.id, segment, submittedOn: closedAt,
              answers: { create: [{ questionId: single!.id, choiceIds: [single!.choices[choice]!.id] }, { questionId: number!.id, number: patients + i }] },
            },
          });
        }
      }
    }
    const respondents = await db.surveyResponse.count({ where: { surveyId: survey.id } });
    await db.survey.update({ where: { id: survey.id }, data: { responseCount: respondents, tokensIssued: respondents, sampleSize: respondents } });
    await db.$transaction((tx) => markReportDue(tx, survey.id, env.SURVEY_GRACE_HOURS));
    const price = priceOf(env, respondents);
    const orderedAt = new Date(closedAt.getTime() + DAY);
    const order = await db.reportOrder.create({
      data: {
        surveyId: survey.id, organizationId: client.organizationId, ...price,
        // The seller of this deployment (its configuration, or the development one).
        ...invoiceTerms({ ...parseEnv(), ...env }, client.organization, price.amountCents, orderedAt),
        invoiceNumber: formatInvoiceNumber(year, ++invoice), createdAt: orderedAt,
        ...(paid && { status: 'PAID' as const, paidAt: new Date(closedAt.getTime() + 3 * DAY), paidById: adminId }),
      },
    });
    if (paid) {
      // Due now (closed ten days ago): queued as a payment queues it; the worker builds it.
      await reportBuilds.enqueueIfDue(survey.id);
      if (adminId) await db.auditEntry.create({ data: { actorId: adminId, action: 'order.paid', targetType: 'order', targetId: order.id, reason: order.invoiceNumber } });
    }
    lines.push(`${paid ? 'paid order, report built by the worker as it starts' : 'invoiced order to mark paid'}: « ${survey.title} » (${order.invoiceNumber})`);
  }
  await db.invoiceCounter.create({ data: { year, last: invoice } });
  return lines;
}
