/**
 * The PDF report (pdfkit), built by the worker from a READY report's published result: a cover
 * (survey, client, fieldwork dates, n), the method statement (sample, k and complementary
 * suppression, noise, weighting and its frame, margin of error), then every question with its
 * chart (charts.ts) and table — a withheld figure reads "withheld", never a number — and, for a
 * survey in a series of waves, the trend charts (`trend`). Only figures the report holds are drawn.
 */
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { ChoiceResult, QuestionResult, ReportResult } from '@consilium/jobs/report-result';
import { specialtyLabel } from '@consilium/db';
import { CHART_WIDTH, questionChart, trendChart, type TrendSeries } from './charts.ts';
import { PDF_TEXT, type PdfLang, type PdfText } from './pdf-text.ts';

/** The trend of a survey run in waves: one series per figure followed (h5's waves fill it in). */
export interface ReportTrend {
  series: TrendSeries[];
}

export interface PdfReportInput {
  title: string;
  client: string;
  openedAt: Date | null;
  closedAt: Date | null;
  builtAt: Date;
  targeting: { specialties: string[]; countries: string[]; minYearsInPractice: number | null };
  result: ReportResult;
  lang: PdfLang;
  /** Optional: the survey's trend across waves, drawn after the questions (absent: no trend section). */
  trend?: ReportTrend | null;
}

// A Unicode font when the system has one (Debian's fonts-dejavu-core); Helvetica's WinAnsi otherwise.
const FONTS = { regular: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', bold: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf' };
const unicode = existsSync(FONTS.regular) && existsSync(FONTS.bold);
const WINANSI = /[^\x20-\x7e\xa0-\xff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ\n]/g;
const safe = (s: string) => (unicode ? s : s.replace(/\u202f/g, '\u00a0').replace(/√/g, 'sqrt').replace(/ε/g, 'epsilon').replace(/≥/g, '>=').replace(WINANSI, '?'));

const MARGIN = 50;
const GAP = 6;

type Doc = PDFKit.PDFDocument;

function fits(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
}

function body(doc: Doc, size = 10): Doc {
  return doc.font(unicode ? 'body' : 'Helvetica').fontSize(size);
}
function bold(doc: Doc, size = 10): Doc {
  return doc.font(unicode ? 'bold' : 'Helvetica-Bold').fontSize(size);
}

/** A table row: cells in fixed columns, the row as tall as its tallest cell; grey when withheld. */
function row(doc: Doc, cells: string[], widths: number[], opts: { header?: boolean; grey?: boolean } = {}): void {
  (opts.header ? bold(doc, 9) : body(doc, 9));
  const height = Math.max(...cells.map((c, i) => doc.heightOfString(safe(c), { width: widths[i]! - 4 }))) + 4;
  fits(doc, height);
  const y = doc.y;
  if (opts.grey) doc.save().rect(MARGIN, y - 1, widths.reduce((a, b) => a + b, 0), height).fill('#e4e4e4').restore();
  let x = MARGIN;
  cells.forEach((c, i) => {
    doc.fillColor('#111').text(safe(c), x + 2, y + 1, { width: widths[i]! - 4, align: i === 0 ? 'left' : 'right' });
    x += widths[i]!;
  });
  doc.x = MARGIN;
  doc.y = y + height;
  doc.save().moveTo(MARGIN, doc.y - 1).lineTo(MARGIN + widths.reduce((a, b) => a + b, 0), doc.y - 1).lineWidth(0.3).stroke('#bbbbbb').restore();
}

function formats(lang: PdfLang) {
  const pct = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const num = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 2 });
  const date = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/Paris' });
  return { pct: (x: number) => pct.format(x), num: (x: number) => num.format(x), date: (d: Date | null) => (d ? date.format(d) : '—') };
}

function cover(doc: Doc, input: PdfReportInput, text: PdfText, f: ReturnType<typeof formats>): void {
  doc.y = 220;
  body(doc, 12).fillColor('#2b5c8a').text(safe(text.report.toUpperCase()), { characterSpacing: 1 });
  bold(doc, 24).fillColor('#111').moveDown(0.5).text(safe(input.title));
  body(doc, 12).moveDown(1.5);
  const line = (label: string, value: string) => {
    bold(doc, 12).text(safe(`${label} : `.replace(' :', input.lang === 'fr' ? '\u00a0:' : ':')), { continued: true });
    body(doc, 12).text(safe(value));
  };
  line(text.client, input.client);
  line(text.fieldwork, `${f.date(input.openedAt)} – ${f.date(input.closedAt)}`);
  line(text.respondents, `n = ${input.result.respondents}`);
  line(text.generated, f.date(input.builtAt));
}

function method(doc: Doc, input: PdfReportInput, text: PdfText, f: ReturnType<typeof formats>): void {
  doc.addPage();
  bold(doc, 16).text(safe(text.method));
  body(doc, 10).moveDown(0.5);
  const { specialties, countries, minYearsInPractice } = input.targeting;
  const targeting = [
    specialties.length ? specialties.map((s) => specialtyLabel(s, input.lang)).join(', ') : '',
    countries.join(', '),
    minYearsInPractice !== null ? `≥ ${minYearsInPractice}` : '',
  ].filter(Boolean).join(input.lang === 'fr' ? ' ; ' : '; ') || text.everyone;
  const r = input.result;
  const paragraphs = [
    text.sampling(targeting),
    text.suppression(r.k),
    ...(r.epsilon !== null ? [text.noise(r.epsilon)] : []),
    ...(r.respondents > 0 ? [text.margin(r.respondents, Number((196 * Math.sqrt(0.25 / r.respondents)).toFixed(1)))] : []),
    r.frame ? text.weighting(r.frame.source === 'REGISTRY' ? r.frame.registries.join(', ') : text.members, r.frame.date) : text.noWeighting,
  ];
  for (const p of paragraphs) doc.text(safe(input.lang === 'fr' ? p.replace(/(\d)\.(\d)/g, '$1,$2') : p), { align: 'justify' }).moveDown(0.6);
}

function choiceCells(c: ChoiceResult, text: PdfText, f: ReturnType<typeof formats>, weighted: boolean): string[] {
  if (c.suppressed) return [c.label, text.suppressed, text.suppressed, text.suppressed, ...(weighted ? [text.suppressed] : [])];
  const w = c.weighted ? `${f.pct(c.weighted.estimate)} ± ${f.pct(1.96 * c.weighted.se)}` : '—';
  return [c.label, String(c.count), f.pct(c.share), `${f.pct(c.ciLow)} – ${f.pct(c.ciHigh)}`, ...(weighted ? [w] : [])];
}

async function question(doc: Doc, q: QuestionResult, index: number, input: PdfReportInput, text: PdfText, f: ReturnType<typeof formats>): Promise<void> {
  fits(doc, 120);
  doc.moveDown(1);
  bold(doc, 12).text(safe(`${text.question} ${index + 1}. ${q.prompt}`));
  body(doc, 9).fillColor('#555').text(safe(`${text.kinds[q.kind] ?? q.kind} · ${text.n} = ${q.suppressed ? text.suppressed : q.n}`)).fillColor('#111').moveDown(0.4);
  if (q.suppressed) {
    body(doc, 10).text(safe(text.suppressedQuestion(input.result.k)));
    return;
  }
  const png = await questionChart(q, text);
  if (png) {
    const width = doc.page.width - 2 * MARGIN;
    const height = (width / CHART_WIDTH) * (png.readUInt32BE(20));
    fits(doc, height + GAP);
    doc.image(png, MARGIN, doc.y, { width });
    doc.y += height + GAP;
  }
  const full = doc.page.width - 2 * MARGIN;
  if (q.choices.length > 0) {
    const weighted = q.choices.some((c) => c.weighted);
    const widths = weighted ? [full - 320, 60, 60, 100, 100] : [full - 220, 60, 60, 100];
    row(doc, [text.choice, text.count, text.share, text.interval, ...(weighted ? [text.weighted] : [])], widths, { header: true });
    for (const c of q.choices) row(doc, choiceCells(c, text, f, weighted), widths, { grey: c.suppressed });
  }
  if (q.histogram.length > 0) {
    const widths = [full - 80, 80];
    row(doc, [text.bin, text.count], widths, { header: true });
    for (const b of q.histogram) row(doc, [`${f.num(b.low)} – ${f.num(b.high)}`, b.suppressed ? text.suppressed : String(b.count)], widths, { grey: b.suppressed });
  }
  if (q.kind === 'LIKERT' || q.kind === 'NUMBER') {
    const colon = input.lang === 'fr' ? '\u00a0: ' : ': ';
    body(doc, 9).moveDown(0.3).text(safe(`${text.mean}${colon}${q.mean === null ? text.withheld : f.num(q.mean)} · ${text.median}${colon}${q.median === null ? text.withheld : f.num(q.median)}`));
  }
  if (q.kind === 'TEXT') {
    body(doc, 9).moveDown(0.3);
    if (q.texts.length === 0) doc.text(safe(text.noTexts));
    else {
      bold(doc, 9).text(safe(text.texts(q.texts.length)));
      body(doc, 9);
      for (const t of q.texts) doc.text(safe(`• ${t}`), { indent: 8 });
    }
  }
}

async function trends(doc: Doc, trend: ReportTrend, text: PdfText): Promise<void> {
  doc.addPage();
  bold(doc, 16).text(safe(text.trend));
  for (const series of trend.series) {
    const png = await trendChart(series, text);
    const width = doc.page.width - 2 * MARGIN;
    const height = (width / CHART_WIDTH) * png.readUInt32BE(20);
    fits(doc, height + 40);
    bold(doc, 11).moveDown(0.8).text(safe(series.label));
    doc.image(png, MARGIN, doc.y + GAP, { width });
    doc.y += height + 2 * GAP;
  }
}

/** Builds the PDF; the language is that of our own words (the prompts are as the client wrote them). */
export async function reportPdf(input: PdfReportInput): Promise<Buffer> {
  const text = PDF_TEXT[input.lang];
  const f = formats(input.lang);
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, lang: input.lang, info: { Title: safe(input.title), Author: 'Consilium' } });
  if (unicode) {
    doc.registerFont('body', FONTS.regular);
    doc.registerFont('bold', FONTS.bold);
  }
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  cover(doc, input, text, f);
  method(doc, input, text, f);
  for (const [i, q] of input.result.questions.entries()) await question(doc, q, i, input, text, f);
  if (input.trend && input.trend.series.length > 0) await trends(doc, input.trend, text);
  const { start, count } = doc.bufferedPageRange();
  for (let p = start; p < start + count; p++) {
    doc.switchToPage(p);
    // In the bottom margin: without lifting it for the footer, pdfkit would break to a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    body(doc, 8).fillColor('#777').text(safe(`${input.title} · ${text.page} ${p + 1}/${count}`), MARGIN, doc.page.height - MARGIN + 16, { width: doc.page.width - 2 * MARGIN, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
