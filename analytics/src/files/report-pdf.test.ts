import { describe, expect, it } from 'vitest';
import type { QuestionResult, ReportResult } from '@consilium/jobs/report-result';
import { reportPdf, type PdfReportInput } from './report-pdf.ts';

async function pages(pdf: Buffer): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf) }).promise;
  const texts: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    texts.push(content.items.map((i) => ('str' in i ? i.str : '')).join(' ').replace(/\s+/g, ' '));
  }
  return texts;
}

const single: QuestionResult = {
  questionId: 'q1', prompt: 'Do you test for influenza?', kind: 'SINGLE_CHOICE', n: 40, suppressed: false, mean: null, median: null, histogram: [], texts: [], crossTabs: [],
  choices: [
    { choiceId: 'a', label: 'Always', count: 31, share: 0.775, ciLow: 0.62, ciHigh: 0.88, suppressed: false },
    { choiceId: 'b', label: 'Never', count: 0, share: 0, ciLow: 0, ciHigh: 0, suppressed: true },
    { choiceId: 'c', label: 'Sometimes', count: 0, share: 0, ciLow: 0, ciHigh: 0, suppressed: true },
  ],
};
const hidden: QuestionResult = { ...single, questionId: 'q2', prompt: 'A question answered by too few', n: 0, suppressed: true, choices: [] };
const result: ReportResult = { respondents: 40, k: 11, epsilon: null, frame: null, questions: [single, hidden] };
const input: PdfReportInput = {
  title: 'Influenza testing', client: 'Santé publique', openedAt: new Date('2026-11-02T08:00:00Z'), closedAt: new Date('2026-11-30T20:00:00Z'), builtAt: new Date('2026-12-02T09:00:00Z'),
  targeting: { specialties: ['general-practice'], countries: ['FR'], minYearsInPractice: null }, result, lang: 'en',
};

describe('the PDF report', () => {
  it('has a cover, the method statement and each question; a withheld figure reads "withheld", never a number', async () => {
    const text = await pages(await reportPdf(input));
    expect(text[0]).toContain('Influenza testing');
    expect(text[0]).toContain('Santé publique');
    expect(text[0]).toContain('n = 40');
    expect(text[0]).toContain('2 November 2026');
    expect(text[1]).toContain('no count from 1 to 10 is published (k = 11)');
    expect(text[1]).toContain('± 15.5 points');
    expect(text[1]).toContain('General practice');
    expect(text).toHaveLength(2);
    expect(text[1]).toContain('Page 2/2');
    const body = text.slice(1).join(' ');
    expect(body).toContain('Always 31 77.5%');
    expect(body).toMatch(/Never withheld withheld withheld/);
    expect(body).toContain('Fewer than 11 answers, or figures withheld');
    // The withheld counts are 9 (= 40 − 31) in all: no 9 anywhere in the questions.
    expect(body).not.toMatch(/\b9\b/);
    expect(body).not.toContain('Trend across waves');
  });

  it('speaks French for a French reader, the prompts as written', async () => {
    const text = (await pages(await reportPdf({ ...input, lang: 'fr' }))).join(' ');
    expect(text).toContain('Rapport établi le');
    expect(text).toContain('Secret statistique');
    expect(text).toContain('Always 31 77,5');
    expect(text).toContain('Médecine générale');
  });

  it('draws the trend of a series of waves when given one', async () => {
    const points = Array.from({ length: 12 }, (_, w) => {
      const estimate = 40 * Math.exp(-((w - 6) ** 2) / 6);
      return w === 3 ? { wave: `W${w + 1}`, estimate: null, ciLow: null, ciHigh: null } : { wave: `W${w + 1}`, estimate, ciLow: estimate * 0.8, ciHigh: estimate * 1.2 };
    });
    const without = await reportPdf(input);
    const withTrend = await reportPdf({ ...input, trend: { series: [{ label: 'Patients seen with an influenza-like illness', unit: 'per physician', points }] } });
    const text = await pages(withTrend);
    expect(text.length).toBe((await pages(without)).length + 1);
    expect(text.at(-1)).toContain('Trend across waves');
    expect(text.at(-1)).toContain('Page 3/3');
    expect(text.at(-1)).toContain('Patients seen with an influenza-like illness');
    // The chart is an image on that page.
    expect(withTrend.length).toBeGreaterThan(without.length + 10_000);
  });
});
