/**
 * Demo data of research reports, as a first look should see them:
 *
 * - a CLOSED survey of about 400 physicians over five specialties, three countries and every
 *   band of years (a few segments under k, which the settle merges into "others"), five questions
 *   of every kind, with answers that differ by specialty and seniority, and a PAID order whose
 *   report the worker builds: what a real report looks like;
 * - a CLOSED survey of 23 answers with an INVOICED order, for an admin to mark paid;
 * - a CLOSED survey of one answer, not ordered: its order page warns that the report would
 *   publish nothing, and offers no order.
 *
 * Answers are generated from a seeded generator (the same demo every time) and written with one
 * statement per table (unnest of arrays): a few hundred answers take milliseconds.
 */
import { randomUUID } from 'node:crypto';
import { markReportDue } from '@consilium/jobs/report-state';
import type { Db, QuestionKind } from '@consilium/db';
import { noReportBuilds, type ReportBuilds } from '../domain/reports/builds.ts';
import { BILLING_SELECT } from '../domain/invoicing/parties.ts';
import { formatInvoiceNumber, invoiceTerms, priceOf } from '../domain/reports/orders.ts';
import { parseEnv } from '../env.ts';

const DAY = 86_400_000;
const BANDS = ['0-9', '10-19', '20-29', '30+'] as const;

/** Respondents per segment of the large survey: [specialty, country, per band 0-9 … 30+]. */
const POPULATION: Array<[string, string, [number, number, number, number]]> = [
  ['general-practice', 'FR', [52, 61, 55, 33]],
  ['general-practice', 'BE', [24, 22, 16, 6]],
  ['general-practice', 'CH', [17, 12, 0, 0]],
  ['pediatrics', 'FR', [34, 40, 24, 5]],
  ['pediatrics', 'BE', [13, 0, 4, 0]],
  ['pulmonology', 'FR', [17, 24, 15, 3]],
  ['pulmonology', 'BE', [0, 5, 0, 0]],
  ['infectious-diseases', 'FR', [16, 20, 12, 0]],
  ['ent', 'FR', [0, 18, 15, 6]],
];

type Answer = { choices?: number[]; number?: number; text?: string };
interface DemoQuestion {
  kind: QuestionKind;
  prompt: string;
  choices?: string[];
  /** The English translation (docs/survey-languages.md): the paid demo report reads in English for an English client. */
  promptEn: string;
  choicesEn?: string[];
  min?: number;
  max?: number;
  /** One physician's answer, from the generator and their specialty and band (0–3). */
  answer: (random: () => number, specialty: string, band: number) => Answer;
}

/** A small seeded generator (mulberry32): the demo is the same on every machine. */
export function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick(random: () => number, weights: readonly number[]): number {
  let u = random() * weights.reduce((s, w) => s + w, 0);
  for (const [i, w] of weights.entries()) if ((u -= w) < 0) return i;
  return weights.length - 1;
}

/** How often each specialty prescribes for acute bronchitis: never, rarely, sometimes, often. */
const PRESCRIBING: Record<string, number[]> = {
  'general-practice': [18, 40, 30, 12],
  pediatrics: [40, 40, 20, 0],
  pulmonology: [30, 45, 25, 0],
  'infectious-diseases': [60, 40, 0, 0],
  ent: [15, 30, 35, 20],
};
const TOOLS = ['Test rapide (TROD) angine', 'CRP capillaire', 'Recommandations HAS / SPILF', 'Avis d’un confrère'];
const TOOL_ODDS: Record<string, number[]> = {
  'general-practice': [0.7, 0.3, 0.6, 0.25],
  pediatrics: [0.85, 0.35, 0.55, 0.3],
  pulmonology: [0.3, 0.4, 0.75, 0.35],
  'infectious-diseases': [0.45, 0.5, 0.9, 0.4],
  ent: [0.6, 0.3, 0.5, 0.3],
};
const LIKERT = ['Pas du tout d’accord', 'Plutôt pas d’accord', 'Ni d’accord ni pas d’accord', 'Plutôt d’accord', 'Tout à fait d’accord'];
const LIKERT_EN = ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'];
const TOOLS_EN = ['Rapid strep test', 'Point-of-care CRP', 'HAS / SPILF guidelines', 'A colleague’s advice'];
const WEEKLY: Record<string, number> = { 'general-practice': 24, pediatrics: 31, pulmonology: 16, 'infectious-diseases': 9, ent: 19 };
const HELP = [
  'Des tests rapides remboursés au cabinet.',
  'Plus de temps de consultation pour expliquer.',
  'Une fiche à remettre aux parents sur les viroses.',
  'Des campagnes grand public sur les antibiotiques.',
  'Un retour sur mes propres prescriptions comparées à mes confrères.',
  'La CRP capillaire remboursée.',
  'Des recommandations plus courtes, à jour.',
  'Pouvoir revoir le patient à 48 h facilement.',
  'Moins de pression pour les arrêts de travail.',
  'Une ordonnance de non-prescription à remettre.',
];

const QUESTIONS: DemoQuestion[] = [
  {
    kind: 'SINGLE_CHOICE', prompt: 'Prescrivez-vous des antibiotiques pour une bronchite aiguë de l’adulte sain ?',
    choices: ['Jamais', 'Rarement', 'Parfois', 'Souvent'],
    promptEn: 'Do you prescribe antibiotics for acute bronchitis in a healthy adult?', choicesEn: ['Never', 'Rarely', 'Sometimes', 'Often'],
    // Prescribing rises with years in practice.
    answer: (r, s, band) => ({ choices: [pick(r, PRESCRIBING[s]!.map((w, i) => w * (1 + 0.25 * band * (i >= 2 ? 1 : -0.3))))] }),
  },
  {
    kind: 'MULTIPLE_CHOICE', prompt: 'Sur quoi vous appuyez-vous pour décider ?', choices: TOOLS, promptEn: 'What do you rely on to decide?', choicesEn: TOOLS_EN,
    answer: (r, s) => {
      const chosen = TOOL_ODDS[s]!.flatMap((odds, i) => (r() < odds ? [i] : []));
      // Everyone leans on something: the guidelines when nothing else.
      return { choices: chosen.length > 0 ? chosen : [2] };
    },
  },
  {
    kind: 'LIKERT', prompt: 'La demande des patients pèse sur mes prescriptions d’antibiotiques.', choices: LIKERT,
    promptEn: 'Patients’ requests weigh on my antibiotic prescribing.', choicesEn: LIKERT_EN,
    answer: (r, s, band) => ({ choices: [pick(r, s === 'infectious-diseases' ? [30, 35, 20, 15, 0] : [10, 20, 22, 33 + 4 * band, 15])] }),
  },
  {
    kind: 'NUMBER', prompt: 'Combien de patients avez-vous vus pour une infection respiratoire la semaine dernière ?', min: 0, max: 100,
    promptEn: 'How many patients did you see for a respiratory infection last week?',
    answer: (r, s) => ({ number: Math.max(0, Math.min(100, Math.round(WEEKLY[s]! + (r() + r() + r() - 1.5) * 14))) }),
  },
  { kind: 'TEXT', prompt: 'Qu’est-ce qui vous aiderait à moins prescrire ?', promptEn: 'What would help you prescribe less?', answer: (r) => ({ text: HELP[Math.floor(r() * HELP.length)]! }) },
];

/** One response per physician: its segment and its answers. */
function population(spec: typeof POPULATION, seed: number): Array<{ segment: string; answers: Answer[] }> {
  const random = seeded(seed);
  return spec.flatMap(([specialty, country, bands]) =>
    bands.flatMap((count, band) =>
      Array.from({ length: count }, () => ({ segment: `${specialty}|${country}|${BANDS[band]}`, answers: QUESTIONS.map((q) => q.answer(random, specialty, band)) })),
    ),
  );
}

/**
 * Writes the responses and their answers with one statement each, in one transaction: a worker
 * already running (the settle sweep) must never see a response without its answers.
 */
async function insertResponses(db: Db, surveyId: string, questions: Array<{ id: string; choices: Array<{ id: string }> }>, people: ReturnType<typeof population>, closedAt: Date) {
  const ids = people.map(() => randomUUID());
  // A day of the fielding period each: answer rows carry nothing finer than the day.
  const days = people.map((_, i) => new Date(closedAt.getTime() - (i % 18) * DAY).toISOString().slice(0, 10));
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO survey_response (id, survey_id, segment, submitted_on)
      SELECT id, ${surveyId}::uuid, segment, day::date FROM unnest(${ids}::uuid[], ${people.map((p) => p.segment)}::text[], ${days}::text[]) AS r(id, segment, day)`;
    const rows = people.flatMap((person, p) => person.answers.map((a, q) => ({
      response: ids[p]!, question: questions[q]!.id,
      choices: `{${(a.choices ?? []).map((c) => questions[q]!.choices[c]!.id).join(',')}}`, number: a.number ?? null, text: a.text ?? null,
    })));
    await tx.$executeRaw`
      INSERT INTO survey_answer (response_id, question_id, choice_ids, number, text)
      SELECT response, question, choices::uuid[], number, text
      FROM unnest(${rows.map((r) => r.response)}::uuid[], ${rows.map((r) => r.question)}::uuid[], ${rows.map((r) => r.choices)}::text[],
        ${rows.map((r) => r.number)}::float8[], ${rows.map((r) => r.text)}::text[]) AS a(response, question, choices, number, text)`;
  });
}

interface DemoClosedSurvey {
  title: string;
  /** Set for a bilingual survey (French first, English beside it). */
  titleEn?: string;
  closedDaysAgo: number;
  specialties: string[];
  countries: string[];
  people: ReturnType<typeof population>;
  questions: DemoQuestion[];
  order: 'PAID' | 'INVOICED' | null;
}

export async function seedDemoReports(
  db: Db, env: { REPORT_BASE_FEE_CENTS: number; REPORT_FEE_PER_RESPONDENT_CENTS: number; REPORT_K: number; SURVEY_GRACE_HOURS: number }, adminId: string | null,
  reportBuilds: ReportBuilds = noReportBuilds,
) {
  const client = await db.account.findFirst({ where: { role: 'CLIENT' }, select: { id: true, organizationId: true, organization: { select: BILLING_SELECT } } });
  if (!client?.organizationId || !client.organization) return [];
  const everyone = population(POPULATION, 2026);
  const surveys: DemoClosedSurvey[] = [
    {
      title: 'Antibiotiques et infections respiratoires en hiver', titleEn: 'Antibiotics and respiratory infections in winter', closedDaysAgo: 10, order: 'PAID', questions: QUESTIONS,
      specialties: ['general-practice', 'pediatrics', 'pulmonology', 'infectious-diseases', 'ent'], countries: ['FR', 'BE', 'CH'], people: everyone,
    },
    {
      title: 'Téléconsultation après 2020', closedDaysAgo: 7, order: 'INVOICED', questions: QUESTIONS.slice(0, 1),
      specialties: ['general-practice'], countries: ['FR'], people: population([['general-practice', 'FR', [0, 14, 9, 0]]], 7).map((p) => ({ ...p, answers: p.answers.slice(0, 1) })),
    },
    {
      title: 'Prise en charge d’une maladie rare', closedDaysAgo: 4, order: null, questions: [QUESTIONS[0]!, QUESTIONS[3]!],
      specialties: ['infectious-diseases'], countries: ['FR'], people: population([['infectious-diseases', 'FR', [0, 1, 0, 0]]], 3).map((p) => ({ ...p, answers: [p.answers[0]!, p.answers[3]!] })),
    },
  ];
  const lines: string[] = [];
  let invoice = 0;
  const year = new Date().getUTCFullYear();
  for (const demo of surveys) {
    const closedAt = new Date(Date.now() - demo.closedDaysAgo * DAY);
    const total = demo.people.length;
    const survey = await db.survey.create({
      data: {
        organizationId: client.organizationId, createdById: client.id, status: 'CLOSED', title: demo.title,
        description: 'Enquête de démonstration close.', sampleSize: total, honorariumCents: 1500,
        language: 'fr', titleTranslation: demo.titleEn ?? null, descriptionTranslation: demo.titleEn ? 'A closed demo survey.' : null,
        targetSpecialties: demo.specialties, targetCountries: demo.countries,
        submittedAt: new Date(closedAt.getTime() - 20 * DAY), openedAt: new Date(closedAt.getTime() - 18 * DAY), closedAt,
        tokensIssued: total, responseCount: total, receiptsRedeemed: Math.max(0, total - 2),
        // The paid demo order includes the respondent-level file with its free texts: physicians were told.
        textsToClient: demo.order === 'PAID',
        questions: {
          create: demo.questions.map((q, position) => ({
            position, kind: q.kind, prompt: q.prompt, min: q.min ?? null, max: q.max ?? null, promptTranslation: demo.titleEn ? q.promptEn : null,
            choices: { create: (q.choices ?? []).map((label, p) => ({ position: p, label, labelTranslation: demo.titleEn ? (q.choicesEn?.[p] ?? null) : null })) },
          })),
        },
      },
      include: { questions: { orderBy: { position: 'asc' }, include: { choices: { orderBy: { position: 'asc' } } } } },
    });
    await insertResponses(db, survey.id, survey.questions, demo.people, closedAt);
    await db.$transaction((tx) => markReportDue(tx, survey.id, env.SURVEY_GRACE_HOURS));
    if (!demo.order) {
      lines.push(`closed survey of ${total} answer${total === 1 ? '' : 's'}, not ordered (its report would publish nothing): « ${survey.title} »`);
      continue;
    }
    const paid = demo.order === 'PAID';
    const price = priceOf(env, total);
    const orderedAt = new Date(closedAt.getTime() + DAY);
    const order = await db.reportOrder.create({
      data: {
        surveyId: survey.id, organizationId: client.organizationId, ...price,
        // The seller of this deployment (its configuration, or the development one).
        ...invoiceTerms({ ...parseEnv(), ...env }, client.organization, price.amountCents, orderedAt),
        invoiceNumber: formatInvoiceNumber(year, ++invoice), createdAt: orderedAt,
        ...(paid && { status: 'PAID' as const, paidAt: new Date(closedAt.getTime() + 3 * DAY), paidById: adminId, respondentFile: true, respondentTexts: true }),
      },
    });
    if (paid) {
      // Due now (closed ten days ago): queued as a payment queues it; the worker builds it.
      await reportBuilds.enqueueIfDue(survey.id);
      if (adminId) await db.auditEntry.create({ data: { actorId: adminId, action: 'order.paid', targetType: 'order', targetId: order.id, reason: order.invoiceNumber } });
    }
    lines.push(`${paid ? `paid order of ${total} answers with the respondent-level file, report, PDF and file built by the worker as it starts` : 'invoiced order to mark paid'}: « ${survey.title} » (${order.invoiceNumber})`);
  }
  await db.invoiceCounter.create({ data: { year, last: invoice } });
  return lines;
}
