import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { useQueues, useTestDatabase } from '../test/harness.ts';
import { closedSurvey, HAND_EXAMPLE } from '../test/reports.ts';
import type { JobDeps } from './job.ts';
import { buildReport } from './reports-build.ts';
import { runJob } from './registry.ts';

const t = useTestDatabase();
const queues = useQueues();

async function until(check: () => Promise<boolean>, timeoutMs = 60_000) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

const names = async (surveyId: string) => (await t.db.reportFile.findMany({ where: { surveyId }, select: { name: true }, orderBy: { name: 'asc' } })).map((f) => f.name);

/** The HAND_EXAMPLE survey (40 respondents) with a free-text question every respondent answered. */
async function surveyWithTexts() {
  const survey = await closedSurvey(t.db, HAND_EXAMPLE);
  const text = await t.db.surveyQuestion.create({ data: { surveyId: survey.id, position: 2, kind: 'TEXT', prompt: 'Anything else?' } });
  const responses = await t.db.surveyResponse.findMany({ where: { surveyId: survey.id }, select: { id: true } });
  await t.db.surveyAnswer.createMany({ data: responses.map((r, i) => ({ responseId: r.id, questionId: text.id, text: `remark number ${i}` })) });
  expect(await buildReport(t.db, survey.id)).toMatchObject({ built: true });
  return survey;
}

async function order(surveyId: string, organizationId: string, flags: { respondentFile: boolean; respondentTexts: boolean }) {
  return t.db.reportOrder.create({
    data: {
      surveyId, organizationId, amountCents: 1000, baseFeeCents: 1000, perRespondentCents: 0, respondents: 40, invoiceNumber: `CONS-2026-${String(Math.random()).slice(2, 8)}`,
      buyerName: 'Agence', totalCents: 1000, dueAt: new Date(), status: 'PAID', paidAt: new Date(), ...flags,
    },
  });
}

async function respondentCsv(surveyId: string) {
  const file = await t.db.reportFile.findUniqueOrThrow({ where: { surveyId_name: { surveyId, name: 'respondents.zip' } } });
  const zip = await JSZip.loadAsync(file.content);
  expect(Object.keys(zip.files).sort()).toEqual(['README.txt', 'respondents.R', 'respondents.csv', 'respondents.do', 'respondents.sps']);
  return (await zip.file('respondents.csv')!.async('string')).trim().split('\n');
}

/** The report of a survey holding `responses` settled responses, built, ordered with the respondent-level file (without texts): its CSV's lines. */
async function respondentFileOf(survey: { id: string; organizationId: string }, responses: number) {
  await t.db.report.create({ data: { surveyId: survey.id, dueAt: new Date(Date.now() - 3_600_000) } });
  await t.db.survey.update({ where: { id: survey.id }, data: { tokensIssued: responses, responseCount: responses } });
  expect(await buildReport(t.db, survey.id)).toMatchObject({ built: true });
  await order(survey.id, survey.organizationId, { respondentFile: true, respondentTexts: false });
  await runJob('reports:files', { surveyId: survey.id }, t.deps);
  return respondentCsv(survey.id);
}

describe('reports:files', () => {
  it('builds the PDF in French and English once the report is READY, queued by the sweep, and not twice', async () => {
    const survey = await surveyWithTexts();
    const q = queues.setup();
    const deps: JobDeps = { ...t.deps, queue: q.queue() };
    const worker = q.worker(deps);
    const outcomes: unknown[] = [];
    worker.on('completed', (job, outcome) => void (job.name === 'reports:files' && outcomes.push(outcome)));
    expect(await runJob('reports:enqueue-pending', {}, deps)).toEqual({ due: 0, files: 1 });
    await until(async () => (await names(survey.id)).length === 2);
    expect(await names(survey.id)).toEqual(['report-en.pdf', 'report-fr.pdf']);
    const [en, fr] = await t.db.reportFile.findMany({ where: { surveyId: survey.id }, orderBy: { name: 'asc' } });
    for (const [file, lang] of [[en!, 'en'], [fr!, 'fr']] as const) {
      const pdf = Buffer.from(file.content);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.toString('latin1')).toContain(`/Lang (${lang})`);
    }
    // Built: the sweep finds nothing more to do, and a second delivery builds nothing.
    expect(await runJob('reports:enqueue-pending', {}, deps)).toEqual({ due: 0, files: 0 });
    expect(await runJob('reports:files', { surveyId: survey.id }, deps)).toEqual({ built: [] });
    expect(outcomes).toEqual([{ built: ['report-fr.pdf', 'report-en.pdf'] }]);
  }, 120_000);

  it('builds the respondent-level file only for a PAID order that includes it, with free texts only when the physicians were told', async () => {
    const survey = await surveyWithTexts();
    await runJob('reports:files', { surveyId: survey.id }, t.deps);
    expect(await names(survey.id)).not.toContain('respondents.zip');
    await order(survey.id, survey.organizationId, { respondentFile: true, respondentTexts: true });
    expect(await runJob('reports:enqueue-pending', {}, { ...t.deps, queue: queues.setup().queue() })).toMatchObject({ files: 1 });
    expect(await runJob('reports:files', { surveyId: survey.id }, t.deps)).toEqual({ built: ['respondents.zip'] });
    const lines = await respondentCsv(survey.id);
    // The survey did not tell its physicians: no free text, although the order asked for it.
    expect(lines[0]).not.toMatch(/q3/);
    expect(lines.join('\n')).not.toContain('remark');
    const header = lines[0]!.split(',');
    const qi = header.filter((h) => ['specialty', 'specialty_group', 'country', 'region', 'years_band'].includes(h)).length;
    const combos = new Map<string, number>();
    for (const line of lines.slice(1)) combos.set(line.split(',').slice(0, qi).join(','), (combos.get(line.split(',').slice(0, qi).join(',')) ?? 0) + 1);
    for (const count of combos.values()) expect(count).toBeGreaterThanOrEqual(11);
    expect(lines.join('\n')).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|\d{4}-\d{2}-\d{2}/);

    await t.db.survey.update({ where: { id: survey.id }, data: { textsToClient: true } });
    await t.db.reportFile.delete({ where: { surveyId_name: { surveyId: survey.id, name: 'respondents.zip' } } });
    await runJob('reports:files', { surveyId: survey.id }, t.deps);
    const withTexts = await respondentCsv(survey.id);
    expect(withTexts[0]).toMatch(/,q3$/);
    expect(withTexts.filter((l) => l.includes('remark number'))).toHaveLength(withTexts.length - 1);
  }, 120_000);

  it('attacked by arrival and physical order: the rows of the file follow neither', async () => {
    // 240 responses written one by one, the i-th answering i: arrival, ctid and the answer agree.
    const survey = await closedSurvey(t.db, [], { withReport: false });
    const number = survey.questions[1]!;
    for (let i = 0; i < 240; i++) {
      await t.db.surveyResponse.create({ data: { surveyId: survey.id, segment: `cardiology|FR|${i % 2 ? '0-9' : '10-19'}`, submittedOn: new Date('2026-11-20'), settled: true, answers: { create: [{ questionId: number.id, number: i }] } } });
    }
    const physical = await t.db.$queryRaw<Array<{ number: number }>>`
      SELECT a.number FROM survey_response r JOIN survey_answer a ON a.response_id = r.id WHERE r.survey_id = ${survey.id}::uuid ORDER BY r.ctid`;
    expect(physical.map((p) => p.number)).toEqual(Array.from({ length: 240 }, (_, i) => i));
    const lines = await respondentFileOf(survey, 240);
    const column = lines[0]!.split(',').indexOf('q2');
    const values = lines.slice(1).map((l) => Number(l.split(',')[column]));
    // Top and bottom coded at the 11th smallest and largest answers (10 and 229).
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 240 }, (_, i) => Math.min(Math.max(i, 10), 229)));
    // Spearman's rho between the file's order and arrival: near 0 for a shuffle (sd ≈ 0.065 here).
    const n = values.length;
    const rho = 1 - (6 * values.reduce((sum, v, position) => sum + (v - position) ** 2, 0)) / (n * (n * n - 1));
    expect(Math.abs(rho)).toBeLessThan(0.3);
  }, 120_000);

  it('recodes the choices and matrix levels fewer than k respondents gave, and keeps the common ones', async () => {
    const survey = await closedSurvey(t.db, [], { withReport: false });
    const [single] = survey.questions;
    const matrix = await t.db.surveyQuestion.create({
      data: {
        surveyId: survey.id, position: 2, kind: 'MATRIX', prompt: 'Agree?',
        choices: { create: [...['1', '2', '3', '4', '5'].map((label, position) => ({ position, label })), { position: 5, label: 'Item one', role: 'ITEM' }, { position: 6, label: 'Item two', role: 'ITEM' }] },
      },
      include: { choices: { orderBy: { position: 'asc' } } },
    });
    const point = (p: number) => matrix.choices[p - 1]!.id;
    const [itemOne, itemTwo] = matrix.choices.slice(5);
    // A by 15, B by 8, C by 7; item one at 4 by 15 and at 1, 5, 2 by 6, 5, 4; item two at 2 and 3 by 15 each.
    for (let i = 0; i < 30; i++) {
      const choice = single!.choices[i < 15 ? 0 : i < 23 ? 1 : 2]!.id;
      const one = i < 15 ? 4 : i < 21 ? 1 : i < 26 ? 5 : 2;
      await t.db.surveyResponse.create({
        data: {
          surveyId: survey.id, segment: 'cardiology|FR|0-9', submittedOn: new Date('2026-11-20'), settled: true,
          answers: { create: [{ questionId: single!.id, choiceIds: [choice] }, { questionId: matrix.id, choiceIds: [itemOne!.id, point(one)] }, { questionId: matrix.id, choiceIds: [itemTwo!.id, point(i % 2 ? 2 : 3)] }] },
        },
      });
    }
    const lines = await respondentFileOf(survey, 30);
    const header = lines[0]!.split(',');
    const tally = (name: string) => {
      const counts: Record<string, number> = {};
      for (const line of lines.slice(1)) { const v = line.split(',')[header.indexOf(name)]!; counts[v] = (counts[v] ?? 0) + 1; }
      return counts;
    };
    expect(tally('q1')).toEqual({ 1: 15, 99: 15 });
    expect(tally('q3_1')).toEqual({ 4: 15, 99: 15 });
    expect(tally('q3_2')).toEqual({ 2: 15, 3: 15 });
    const zip = await JSZip.loadAsync((await t.db.reportFile.findUniqueOrThrow({ where: { surveyId_name: { surveyId: survey.id, name: 'respondents.zip' } } })).content);
    const sps = await zip.file('respondents.sps')!.async('string');
    expect(sps).toContain('MISSING VALUES q1 q3_1 (99).');
    expect(sps).toMatch(/99 'supprimé \(< k\)'|99 'suppressed \(< k\)'/);
  }, 120_000);
});
