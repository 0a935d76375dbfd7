/**
 * docs/access-tokens.md's curl examples, run as written (bash and curl) against a test API on a
 * loopback port with a real token: the report's figures through GraphQL, the XLSX and the CSV, and
 * the organisation's surveys. If the page and the API part ways, this fails.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { defaultReportSettings } from '@consilium/analytics/job';
import { buildReport } from '@consilium/analytics/reports-build';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccessToken } from './test/access-tokens.ts';
import { servedTestApp, type ServedTestApp } from './test/harness.ts';

const run = promisify(execFile);
const DOC = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'access-tokens.md');

/** The page's ```sh blocks after its "Example" heading, the first (which sets the variables) left out. */
async function exampleBlocks(): Promise<string[]> {
  const text = await readFile(DOC, 'utf8');
  const example = text.slice(text.indexOf('## Example'));
  const blocks = [...example.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  expect(blocks[0]).toContain('CONSILIUM_TOKEN=');
  return blocks.slice(1);
}

let t: ServedTestApp;
let dir: string;
beforeAll(async () => {
  t = await servedTestApp({});
  dir = await mkdtemp(path.join(tmpdir(), 'consilium-token-doc-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await t.close();
});

describe('docs/access-tokens.md', () => {
  it('its curl examples fetch a report\'s figures, its XLSX and CSV, and the surveys', async () => {
    const { token, client } = await makeAccessToken(t);
    const survey = await t.make.survey({ owner: client, status: 'CLOSED', questions: ['SINGLE_CHOICE'], title: 'Documented survey' });
    const [question] = survey.questions;
    const n = t.env.REPORT_K + 2;
    await t.db.survey.update({ where: { id: survey.id }, data: { closedAt: new Date(Date.now() - 72 * 3_600_000), responseCount: n } });
    for (let i = 0; i < n; i++) {
      await t.db.surveyResponse.create({ data: { surveyId: survey.id, segment: 'cardiology|FR|10-19', submittedOn: new Date(), answers: { create: [{ questionId: question!.id, choiceIds: [question!.choices[1]!.id] }] } } });
    }
    await t.db.report.create({ data: { surveyId: survey.id, dueAt: new Date() } });
    expect((await buildReport(t.db, survey.id, defaultReportSettings)).built).toBe(true);
    await t.db.reportOrder.create({
      data: { surveyId: survey.id, organizationId: survey.organizationId, amountCents: 1, baseFeeCents: 1, perRespondentCents: 0, respondents: n, invoiceNumber: 'T-DOC-1', status: 'PAID', buyerName: 'Agence test', totalCents: 1, dueAt: new Date() },
    });

    const [figures, files, surveys] = await exampleBlocks();
    const env = { ...process.env, CONSILIUM_API: t.url, CONSILIUM_TOKEN: token, SURVEY_ID: survey.id };
    const shell = (script: string) => run('bash', ['-euo', 'pipefail', '-c', script], { cwd: dir, env, timeout: 60_000 });

    const report = JSON.parse((await shell(figures!)).stdout) as { data: { report: { status: string; surveyTitle: string; questions: Array<{ choices: Array<{ count: number }> }> } } };
    expect(report.data.report.status).toBe('READY');
    expect(report.data.report.surveyTitle).toBe('Documented survey');
    expect(report.data.report.questions[0]!.choices[1]!.count).toBe(n);

    await shell(files!);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path.join(dir, 'report.xlsx'));
    expect(book.worksheets.length).toBeGreaterThan(1);
    expect(await readFile(path.join(dir, 'report.csv'), 'utf8')).toContain('Documented survey');

    const list = JSON.parse((await shell(surveys!)).stdout) as { data: { mySurveysPage: { edges: Array<{ node: { id: string } }> } } };
    expect(list.data.mySurveysPage.edges.map((e) => e.node.id)).toEqual([survey.id]);
  });
});
