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
import { Prisma, type Db } from '@consilium/db';
import { insertDueReports } from '@consilium/jobs/report-state';
import { BILLING_SELECT } from '../domain/invoicing/parties.ts';
import { noReportBuilds, type ReportBuilds } from '../domain/reports/builds.ts';
import { formatInvoiceNumber, invoiceTerms, priceOf } from '../domain/reports/orders.ts';
import { parseEnv } from '../env.ts';
import { seeded } from './demo-reports.ts';

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

/** A wave's answers: [number, tested] per respondent, 15/30/15 over three bins of 5 around the week's mean. */
function weekAnswers(mean: number, random: () => number): Array<[number, boolean]> {
  const centre = Math.min(9, Math.floor(mean / BIN));
  const bins = centre === 0 ? [[0, 45], [1, 15]] : centre === 9 ? [[8, 15], [9, 45]] : [[centre - 1, 15], [centre, 30], [centre + 1, 15]];
  // Testing follows the epidemic: from a fifth of physicians to four fifths at the peak.
  const tested = Math.round(RESPONDENTS * (0.2 + 0.6 * (mean / 31)));
  let i = 0;
  return bins.flatMap(([bin, count]) => Array.from({ length: count! }, () => [bin! * BIN + Math.floor(random() * BIN), i++ < tested] as [number, boolean]));
}

interface Wave {
  id: string;
  number: number;
  openedAt: Date;
  closesAt: Date;
  closed: boolean;
  questions: Array<{ id: string; choices: string[] }>;
  answers: Array<[number, boolean]>;
}

/** Every wave's responses and answers, one statement per table (a response never without its answers: one transaction). */
async function insertAnswers(tx: Parameters<Parameters<Db['$transaction']>[0]>[0], waves: Wave[]) {
  const responses = waves.flatMap((w) => w.answers.map((a, i) => ({ id: randomUUID(), wave: w, answer: a, segment: SEGMENTS[i % SEGMENTS.length]! })));
  await tx.$executeRaw`
    INSERT INTO survey_response (id, survey_id, segment, submitted_on)
    SELECT id, survey, segment, day::date
    FROM unnest(${responses.map((r) => r.id)}::uuid[], ${responses.map((r) => r.wave.id)}::uuid[], ${responses.map((r) => r.segment)}::text[],
      ${responses.map((r) => new Date(r.wave.closesAt.getTime() - DAY).toISOString().slice(0, 10))}::text[]) AS r(id, survey, segment, day)`;
  await tx.$executeRaw`
    INSERT INTO survey_answer (response_id, question_id, choice_ids, number)
    SELECT response, question, '{}'::uuid[], value
    FROM unnest(${responses.map((r) => r.id)}::uuid[], ${responses.map((r) => r.wave.questions[0]!.id)}::uuid[], ${responses.map((r) => r.answer[0])}::float8[]) AS a(response, question, value)`;
  await tx.$executeRaw`
    INSERT INTO survey_answer (response_id, question_id, choice_ids)
    SELECT response, question, ARRAY[choice]
    FROM unnest(${responses.map((r) => r.id)}::uuid[], ${responses.map((r) => r.wave.questions[1]!.id)}::uuid[],
      ${responses.map((r) => r.wave.questions[1]!.choices[r.answer[1] ? 0 : 1]!)}::uuid[]) AS a(response, question, choice)`;
}

export async function seedDemoWaves(
  db: Db, env: { REPORT_BASE_FEE_CENTS: number; REPORT_FEE_PER_RESPONDENT_CENTS: number; SURVEY_GRACE_HOURS: number }, adminId: string | null,
  reportBuilds: ReportBuilds = noReportBuilds, now = new Date(),
): Promise<string> {
  const client = await db.account.findFirst({ where: { role: 'CLIENT', organizationId: { not: null } }, select: { id: true, organizationId: true, organization: { select: BILLING_SELECT } } });
  if (!client?.organizationId || !client.organization) return 'Demo waves: no client organisation, none seeded';
  const organizationId = client.organizationId;
  // Wave 13 opened three days ago: wave 12's grace period is over, its report is due.
  const startsAt = new Date(now.getTime() - 12 * WEEK - 3 * DAY);
  const random = seeded(2027);
  const waves: Wave[] = Array.from({ length: 13 }, (_, i) => {
    const openedAt = new Date(startsAt.getTime() + i * WEEK);
    const closed = i < DEMO_EPIDEMIC.length;
    return {
      id: randomUUID(), number: i + 1, openedAt, closesAt: new Date(openedAt.getTime() + WEEK), closed,
      questions: QUESTIONS.map((q) => ({ id: randomUUID(), choices: q.choices.map(() => randomUUID()) })),
      answers: closed ? weekAnswers(DEMO_EPIDEMIC[i]!, random) : [],
    };
  });
  const year = now.getUTCFullYear();
  const terms = { ...parseEnv(), ...env };
  const seriesId = await db.$transaction(async (tx) => {
    const series = await tx.surveySeries.create({
      data: { organizationId, cadence: 'WEEKLY', waveLimit: 52, waveCount: 13, status: 'ACTIVE', startsAt, nextWaveAt: new Date(startsAt.getTime() + 13 * WEEK), createdAt: new Date(startsAt.getTime() - 2 * DAY) },
    });
    await tx.survey.createMany({
      data: waves.map((w) => ({
        id: w.id, organizationId, createdById: client.id, status: w.closed ? 'CLOSED' as const : 'OPEN' as const, title: TITLE, seriesId: series.id, waveNumber: w.number,
        description: 'Réseau sentinelle de démonstration : une question courte chaque semaine.', sampleSize: 200, honorariumCents: 300,
        targetSpecialties: ['general-practice'], targetCountries: ['FR'],
        submittedAt: new Date(startsAt.getTime() - DAY), openedAt: w.openedAt, closesAt: w.closesAt, closedAt: w.closed ? w.closesAt : null,
        tokensIssued: w.answers.length, responseCount: w.answers.length, receiptsRedeemed: w.answers.length,
      })),
    });
    await tx.surveyQuestion.createMany({
      data: waves.flatMap((w) => QUESTIONS.map((q, position) => ({ id: w.questions[position]!.id, surveyId: w.id, position, kind: q.kind, prompt: q.prompt, min: q.min, max: q.max }))),
    });
    await tx.surveyChoice.createMany({
      data: waves.flatMap((w) => QUESTIONS.flatMap((q, position) => q.choices.map((label, p) => ({ id: w.questions[position]!.choices[p]!, questionId: w.questions[position]!.id, position: p, label })))),
    });
    await insertAnswers(tx, waves);
    // The closed waves' report rows, as closing writes them (one definition: report-state.ts).
    await tx.$executeRaw(insertDueReports(Prisma.sql`(SELECT id, closed_at FROM survey WHERE series_id = ${series.id}::uuid AND status = 'CLOSED') AS closed`, env.SURVEY_GRACE_HOURS));
    const counter = await tx.invoiceCounter.upsert({ where: { year }, create: { year, last: 0 }, update: {} });
    const closed = waves.filter((w) => w.closed);
    await tx.reportOrder.createMany({
      data: closed.map((w, i) => {
        const price = priceOf(env, w.answers.length);
        const orderedAt = new Date(Math.min(now.getTime(), w.closesAt.getTime() + DAY));
        return {
          surveyId: w.id, organizationId, ...price, ...invoiceTerms(terms, client.organization!, price.amountCents, orderedAt),
          invoiceNumber: formatInvoiceNumber(year, counter.last + i + 1), createdAt: orderedAt, status: 'PAID' as const, paidAt: orderedAt, paidById: adminId,
        };
      }),
    });
    await tx.invoiceCounter.update({ where: { year }, data: { last: counter.last + closed.length } });
    return series.id;
  });
  for (const w of waves.filter((x) => x.closed)) await reportBuilds.enqueueIfDue(w.id);
  return `Demo waves: weekly sentinel survey « ${TITLE} », 12 closed waves with paid reports (built by the worker as it starts) and wave 13 open — trend at /my-surveys/series/${seriesId}`;
}
