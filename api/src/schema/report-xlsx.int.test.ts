/**
 * The report's XLSX workbook and its weighted figures, end to end: answers → worker build
 * (weights calibrated to the imported registry) → GraphQL → the signed download, opened with
 * exceljs. The link is the credential, as for the CSV: one per format.
 */
import ExcelJS from 'exceljs';
import { defaultReportSettings } from '@consilium/analytics/job';
import { buildReport } from '@consilium/analytics/reports-build';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedCsvUrl } from '../domain/reports/access.ts';
import { servedTestApp, type ServedTestApp } from '../test/harness.ts';

let t: ServedTestApp;
beforeAll(async () => {
  t = await servedTestApp({});
});
afterAll(() => t.close());

const REPORT = `query ($s: ID!) { report(surveyId: $s) { status csvUrl xlsxUrl
  frame { source registries date total cells { specialty country count } trimFactor rakeTolerance rakeMaxIterations }
  questions { kind weightingWithheld weighting { dimensions method trimmed nEffective } weightedMean { estimate }
    choices { label count share suppressed weighted { estimate se ciLow ciHigh deff } } } } }`;

/** Single choice: cardiology (FR, 10-19) 15 Yes / 12 No, pediatrics (FR, 20-29) 11 Yes / 20 No; numbers with a bin of 5. */
async function readySurvey() {
  const client = await t.make.client();
  const admin = await t.make.admin();
  const survey = await t.make.survey({ owner: client, status: 'CLOSED', questions: ['SINGLE_CHOICE', 'NUMBER'], title: 'Winter prescribing' });
  const closedAt = new Date(Date.now() - 72 * 3_600_000);
  const spec: Array<[string, number, number, number]> = [
    ['cardiology|FR|10-19', 0, 20, 15], ['cardiology|FR|10-19', 1, 40, 7], ['cardiology|FR|10-19', 1, 90, 5], ['pediatrics|FR|20-29', 0, 20, 11], ['pediatrics|FR|20-29', 1, 40, 20],
  ];
  const total = spec.reduce((s, [, , , n]) => s + n, 0);
  await t.db.survey.update({ where: { id: survey.id }, data: { closedAt, responseCount: total, tokensIssued: total, receiptsRedeemed: total } });
  const [single, number] = survey.questions;
  for (const [segment, choice, value, count] of spec) {
    for (let i = 0; i < count; i++) {
      await t.db.surveyResponse.create({
        data: { surveyId: survey.id, segment, submittedOn: new Date(), answers: { create: [{ questionId: single!.id, choiceIds: [single!.choices[choice]!.id] }, { questionId: number!.id, number: value }] } },
      });
    }
  }
  await t.db.report.create({ data: { surveyId: survey.id, dueAt: closedAt } });
  // The frame: an RPPS extract of 300 cardiologists (SM04) and 100 paediatricians (SM40).
  // Loaded, then made ACTIVE as the importer does: the activation stores the frame's counts.
  const registry = await t.db.registryImport.create({ data: { registry: 'RPPS', fileName: 'extract.txt', status: 'LOADING', extractDate: new Date('2026-11-01') } });
  await t.db.$executeRaw`
    INSERT INTO registry_entry (import_id, identifier, specialty_code)
    SELECT ${registry.id}::uuid, 'C' || i, CASE WHEN i < 300 THEN 'SM04' ELSE 'SM40' END FROM generate_series(0, 399) AS i`;
  await t.db.registryImport.update({ where: { id: registry.id }, data: { status: 'ACTIVE', finishedAt: new Date() } });
  expect((await buildReport(t.db, survey.id, defaultReportSettings)).built).toBe(true);
  return { client, admin, survey };
}

describe('weighted figures and the XLSX workbook', () => {
  it('publishes shares post-stratified to the registry, beside the unweighted ones, and the frame they stand on', async () => {
    const { admin, survey } = await readySurvey();
    const r = (await t.gql<{ report: any }>(REPORT, { s: survey.id }, { token: admin.token })).data!.report;
    expect(r.frame).toMatchObject({ source: 'REGISTRY', registries: ['RPPS'], date: '2026-11-01', total: 400, trimFactor: 5, rakeMaxIterations: 100 });
    expect(r.frame.cells).toEqual([{ specialty: 'cardiology', country: 'FR', count: 300 }, { specialty: 'pediatrics', country: 'FR', count: 100 }]);
    const [q1, q2] = r.questions;
    expect(q1.weighting).toMatchObject({ dimensions: ['specialty', 'country'], method: 'POST_STRATIFICATION', trimmed: 0 });
    // Unweighted Yes: 26/58; weighted: 0.75 × 15/27 + 0.25 × 11/31.
    expect(q1.choices[0].share).toBeCloseTo(26 / 58, 12);
    expect(q1.choices[0].weighted.estimate).toBeCloseTo(0.75 * (15 / 27) + 0.25 * (11 / 31), 12);
    expect(q1.choices[0].weighted.se).toBeGreaterThan(0);
    expect(q2.weightingWithheld).toBe('NUMBER_CELLS');
    expect(q2.choices).toEqual([]);
  });

  it('serves the workbook through its own signed link: a method sheet, one per question and per cross-tab, suppressed cells marked', async () => {
    const { client, admin, survey } = await readySurvey();
    // Not before the order is paid: the client gets no link at all.
    expect((await t.gql(REPORT, { s: survey.id }, { token: client.token })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const { xlsxUrl, csvUrl } = (await t.gql<{ report: { xlsxUrl: string; csvUrl: string } }>(REPORT, { s: survey.id }, { token: admin.token })).data!.report;
    expect(xlsxUrl).toMatch(new RegExp(`^/reports/${survey.id}\\.xlsx\\?expires=\\d+&sig=[0-9a-f]{64}$`));
    const answer = await fetch(`${t.url}${xlsxUrl}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(answer.headers.get('cache-control')).toBe('private, no-store');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await answer.arrayBuffer()) as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Method', 'Q1', 'Q1 specialty', 'Q1 country', 'Q1 yearsInPractice', 'Q2', 'Q2 specialty', 'Q2 country', 'Q2 yearsInPractice']);
    // Rows as plain arrays (exceljs gives sparse ones, 1-based).
    const values = (name: string) => book.getWorksheet(name)!.getSheetValues().filter(Boolean).map((row) => JSON.parse(JSON.stringify((row as unknown[]).slice(1))) as unknown[]);
    const method = values('Method');
    expect(method.find((row) => row[0] === 'k')).toEqual(['k', 11]);
    expect(method.find((row) => row[0] === 'frame')).toEqual(['frame', 'registry RPPS', '2026-11-01', 400]);
    expect(method.find((row) => row[0] === 'cardiology')).toEqual(['cardiology', 'FR', 300]);
    const q1 = values('Q1');
    const yes = q1.find((row) => row[0] === 'Yes')!;
    expect(yes.slice(0, 3)).toEqual(['Yes', 26, 26 / 58]);
    expect(yes[5]).toBeCloseTo(0.75 * (15 / 27) + 0.25 * (11 / 31), 12);
    // Numbers 20 ×26, 40 ×27, 90 ×5: the 90 bin is under k, the next smallest goes with it.
    const q2 = book.getWorksheet('Q2')!;
    const marked: string[] = [];
    q2.eachRow((row) => row.eachCell((cell) => {
      if (cell.value === 'suppressed') {
        expect((cell.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFD9D9D9');
        marked.push(cell.address);
      }
    }));
    expect(marked.length).toBeGreaterThanOrEqual(2);
    expect(values('Q2').find((row) => row[0] === 'mean')).toEqual(['mean', 'withheld', 'median', 'withheld']);
    expect(values('Q2').flat()).not.toContain(90 * 5);

    // The CSV's signature does not open the workbook, nor the reverse; tampered or expired: 403.
    const [, csvQuery] = csvUrl.split('?');
    expect((await fetch(`${t.url}/reports/${survey.id}.xlsx?${csvQuery}`)).status).toBe(403);
    const [, xlsxQuery] = xlsxUrl.split('?');
    expect((await fetch(`${t.url}/reports/${survey.id}.csv?${xlsxQuery}`)).status).toBe(403);
    expect((await fetch(`${t.url}${xlsxUrl.replace(/sig=(.)/, (_m, c: string) => `sig=${c === 'a' ? 'b' : 'a'}`)}`)).status).toBe(403);
    const expired = signedCsvUrl(t.env.REPORT_LINK_SECRET, 15, survey.id, Date.now() - 16 * 60_000, 'xlsx');
    expect((await fetch(`${t.url}${expired}`)).status).toBe(403);
    // A valid link to a report no longer READY: 404.
    await t.db.report.update({ where: { surveyId: survey.id }, data: { status: 'PENDING' } });
    expect((await fetch(`${t.url}${xlsxUrl}`)).status).toBe(404);
  });
});
