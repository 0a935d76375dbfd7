/**
 * Demo data of a repeating survey (docs/waves.md), as a sentinel network runs one: general
 * practitioners report each week how many patients they saw with an influenza-like illness. Twelve closed weekly waves, each with a paid order whose report the
 * worker builds as it starts, draw an epidemic curve (rise, peak, fall); wave 13 is open.
 *
 * Each wave's answers are built so that its report publishes the mean: every histogram bin holds
 * 0 or at least k answers (a hidden bin would withhold it, docs/reports.md). Written with one
 * statement per table, from a seeded generator: the same demo every time, in milliseconds.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '@consilium/db';
import { markReportDue } from '@consilium/jobs/report-state';
import { BILLING_SELECT } from '../domain/invoicing/parties.ts';
import { noReportBuilds, type ReportBuilds } from '../domain/reports/builds.ts';
import { formatInvoiceNumber, invoiceTerms, priceOf } from '../domain/reports/orders.ts';
import { parseEnv } from '../env.ts';

const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** The weekly mean of influenza-like-illness patients per physician, wave 1 to 12. */
export const DEMO_EPIDEMIC = [2, 3, 5, 9, 15, 23, 31, 27, 19, 12, 7, 4] as const;
const RESPONDENTS = 60;
const BIN = 5;
// One segment: every cross-tab cell is then the question's own count (≥ k), and none is withheld.
const SEGMENTS = ['general-practice|FR|10-19'];
const TITLE = 'Surveillance hebdomadaire des syndromes grippaux';
const QUESTIONS = [
  { kind: 'NUMBER' as const, prompt: 'Combien de patients avez-vous vus cette semaine pour un syndrome grippal (fièvre > 39 °C, myalgies, signes respiratoires) ?', min: 0, max: 50, choices: [] },
  { kind: 'SINGLE_CHOICE' as const, prompt: 'Avez-vous fait pratiquer un test de la grippe cette semaine ?', min: null, max: null, choices: ['Oui', 'Non'] },
];

function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A wave's answers: [number, tested] per respondent, 15/30/15 over three bins of 5 around the week's mean. */
function weekAnswers(mean: number, random: () => number): Array<[number, boolean]> {
  const centre = Math.min(9, Math.floor(mean / BIN));
  const bins = centre === 0 ? [[0, 45], [1, 15]] : centre === 9 ? [[8, 15], [9, 45]] : [[centre - 1, 15], [centre, 30], [centre + 1, 15]];
  // Testing follows the epidemic: from a fifth of physicians to four fifths at the peak.
  const tested = Math.round(RESPONDENTS * (0.2 + 0.6 * (mean / 31)));
  let i = 0;
  return bins.flatMap(([bin, count]) => Array.from({ length: count! }, () => [bin! * BIN + Math.floor(random() * BIN), i++ < tested] as [number, boolean]));
}

async function insertWaveAnswers(db: Db, surveyId: string, questions: Array<{ id: string; choices: Array<{ id: string }> }>, answers: Array<[number, boolean]>, day: Date) {
  const ids = answers.map(() => randomUUID());
  const [number, tested] = questions;
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO survey_response (id, survey_id, segment, submitted_on)
      SELECT id, ${surveyId}::uuid, segment, ${day.toISOString().slice(0, 10)}::date
      FROM unnest(${ids}::uuid[], ${ids.map((_, i) => SEGMENTS[i % SEGMENTS.length]!)}::text[]) AS r(id, segment)`;
    await tx.$executeRaw`
      INSERT INTO survey_answer (response_id, question_id, choice_ids, number)
      SELECT response, ${number!.id}::uuid, '{}'::uuid[], value FROM unnest(${ids}::uuid[], ${answers.map(([n]) => n)}::float8[]) AS a(response, value)`;
    await tx.$executeRaw`
      INSERT INTO survey_answer (response_id, question_id, choice_ids)
      SELECT response, ${tested!.id}::uuid, ARRAY[choice] FROM unnest(${ids}::uuid[], ${answers.map(([, t]) => tested!.choices[t ? 0 : 1]!.id)}::uuid[]) AS a(response, choice)`;
  });
}

export async function seedDemoWaves(
  db: Db, env: { REPORT_BASE_FEE_CENTS: number; REPORT_FEE_PER_RESPONDENT_CENTS: number; SURVEY_GRACE_HOURS: number }, adminId: string | null,
  reportBuilds: ReportBuilds = noReportBuilds, now = new Date(),
): Promise<string> {
  const client = await db.account.findFirst({ where: { role: 'CLIENT', organizationId: { not: null } }, select: { id: true, organizationId: true, organization: { select: BILLING_SELECT } } });
  if (!client?.organizationId || !client.organization) return 'Demo waves: no client organisation, none seeded';
  // Wave 13 opened three days ago: wave 12's grace period is over, its report is due.
  const startsAt = new Date(now.getTime() - 12 * WEEK - 3 * DAY);
  const series = await db.surveySeries.create({
    data: { organizationId: client.organizationId, cadence: 'WEEKLY', waveLimit: 52, waveCount: 13, status: 'ACTIVE', startsAt, nextWaveAt: new Date(startsAt.getTime() + 13 * WEEK), createdAt: new Date(startsAt.getTime() - 2 * DAY) },
  });
  const random = seeded(2027);
  const year = now.getUTCFullYear();
  const counter = await db.invoiceCounter.upsert({ where: { year }, create: { year, last: 0 }, update: {} });
  let invoice = counter.last;
  for (let wave = 1; wave <= 13; wave++) {
    const openedAt = new Date(startsAt.getTime() + (wave - 1) * WEEK);
    const closesAt = new Date(openedAt.getTime() + WEEK);
    const closed = wave <= DEMO_EPIDEMIC.length;
    const answers = closed ? weekAnswers(DEMO_EPIDEMIC[wave - 1]!, random) : [];
    const survey = await db.survey.create({
      data: {
        organizationId: client.organizationId, createdById: client.id, status: closed ? 'CLOSED' : 'OPEN', title: TITLE, seriesId: series.id, waveNumber: wave,
        description: 'Réseau sentinelle de démonstration : une question courte chaque semaine.', sampleSize: 200, honorariumCents: 300,
        targetSpecialties: ['general-practice'], targetCountries: ['FR'],
        submittedAt: new Date(startsAt.getTime() - DAY), openedAt, closesAt, closedAt: closed ? closesAt : null,
        tokensIssued: answers.length, responseCount: answers.length, receiptsRedeemed: answers.length,
        questions: { create: QUESTIONS.map((q, position) => ({ position, kind: q.kind, prompt: q.prompt, min: q.min, max: q.max, choices: { create: q.choices.map((label, p) => ({ position: p, label })) } })) },
      },
      include: { questions: { orderBy: { position: 'asc' }, include: { choices: { orderBy: { position: 'asc' } } } } },
    });
    if (!closed) continue;
    await insertWaveAnswers(db, survey.id, survey.questions, answers, new Date(closesAt.getTime() - DAY));
    await db.$transaction((tx) => markReportDue(tx, survey.id, env.SURVEY_GRACE_HOURS));
    const price = priceOf(env, answers.length);
    const orderedAt = new Date(Math.min(now.getTime(), closesAt.getTime() + DAY));
    await db.reportOrder.create({
      data: {
        surveyId: survey.id, organizationId: client.organizationId, ...price,
        ...invoiceTerms({ ...parseEnv(), ...env }, client.organization, price.amountCents, orderedAt),
        invoiceNumber: formatInvoiceNumber(year, ++invoice), createdAt: orderedAt, status: 'PAID', paidAt: orderedAt, paidById: adminId,
      },
    });
    await reportBuilds.enqueueIfDue(survey.id);
  }
  await db.invoiceCounter.update({ where: { year }, data: { last: invoice } });
  return `Demo waves: weekly sentinel survey « ${TITLE} », 12 closed waves with paid reports (built by the worker as it starts) and wave 13 open — trend at /my-surveys/series/${series.id}`;
}
