/** The documents of reports and orders: the invoice (printable HTML and PDF) and the CSV export. */
import type { ReportResult } from '@consilium/analytics/reports';
import { stringify } from 'csv-stringify/sync';
import PDFDocument from 'pdfkit';

export interface InvoiceData {
  invoiceNumber: string;
  createdAt: Date;
  paidAt: Date | null;
  status: string;
  organizationName: string;
  surveyTitle: string;
  respondents: number;
  baseFeeCents: number;
  perRespondentCents: number;
  amountCents: number;
}

const euros = (cents: number) => `${(cents / 100).toFixed(2)} €`;
const day = (d: Date) => d.toISOString().slice(0, 10);

/** The lines of an invoice, shared by both formats. */
function invoiceLines(i: InvoiceData): Array<[string, string]> {
  return [
    ['Base fee', euros(i.baseFeeCents)],
    [`${i.respondents} respondents × ${euros(i.perRespondentCents)}`, euros(i.perRespondentCents * i.respondents)],
    ['Total (VAT not applicable)', euros(i.amountCents)],
  ];
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function invoiceHtml(i: InvoiceData): string {
  const rows = invoiceLines(i).map(([label, amount]) => `<tr><td>${escapeHtml(label)}</td><td class="amount">${escapeHtml(amount)}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Invoice ${escapeHtml(i.invoiceNumber)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#111}
table{width:100%;border-collapse:collapse}td{padding:.4rem 0;border-bottom:1px solid #ccc}.amount{text-align:right}
tr:last-child td{font-weight:bold;border-bottom:none}@media print{body{margin:0}}</style></head>
<body>
<h1>Consilium — Invoice ${escapeHtml(i.invoiceNumber)}</h1>
<p>Date: ${day(i.createdAt)}<br>Status: ${escapeHtml(i.status)}${i.paidAt ? ` (paid ${day(i.paidAt)})` : ''}</p>
<p>Billed to: ${escapeHtml(i.organizationName)}<br>Research report of the survey “${escapeHtml(i.surveyTitle)}”</p>
<table>${rows}</table>
<p>Price: base fee + fee per respondent.</p>
</body></html>`;
}

export function invoicePdf(i: InvoiceData): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `Invoice ${i.invoiceNumber}`, Author: 'Consilium' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(18).text(`Consilium — Invoice ${i.invoiceNumber}`).moveDown();
    doc.fontSize(11).text(`Date: ${day(i.createdAt)}`).text(`Status: ${i.status}${i.paidAt ? ` (paid ${day(i.paidAt)})` : ''}`).moveDown();
    doc.text(`Billed to: ${i.organizationName}`).text(`Research report of the survey “${i.surveyTitle}”`).moveDown();
    for (const [label, amount] of invoiceLines(i)) doc.text(`${label}: ${amount}`);
    doc.moveDown().text('Price: base fee + fee per respondent.');
    doc.end();
  });
}

/**
 * The report as CSV: only the figures the report holds; a suppressed figure reads "suppressed".
 * The first lines name the survey, k and epsilon.
 */
export function reportCsv(title: string, result: ReportResult): string {
  const S = 'suppressed';
  const rows: Array<Array<string | number>> = [
    ['survey', title],
    ['respondents', result.respondents],
    ['k', result.k],
    ['epsilon', result.epsilon ?? 'none'],
    [],
    ['question', 'kind', 'dimension', 'segment', 'n', 'choice', 'count', 'share', 'ci_low', 'ci_high', 'mean', 'median'],
  ];
  const fig = (suppressed: boolean, value: number | null) => (suppressed ? S : value === null ? '' : value);
  for (const q of result.questions) {
    rows.push([q.prompt, q.kind, 'all', '', fig(q.suppressed, q.n), '', '', '', '', '', fig(q.suppressed, q.mean), fig(q.suppressed, q.median)]);
    for (const c of q.choices) rows.push([q.prompt, q.kind, 'all', '', fig(q.suppressed, q.n), c.label, fig(c.suppressed, c.count), fig(c.suppressed, c.share), fig(c.suppressed, c.ciLow), fig(c.suppressed, c.ciHigh), '', '']);
    for (const b of q.histogram) rows.push([q.prompt, q.kind, 'histogram', `${b.low}-${b.high}`, '', '', fig(b.suppressed, b.count), '', '', '', '', '']);
    for (const tab of q.crossTabs) {
      for (const cell of tab.cells) {
        rows.push([q.prompt, q.kind, tab.dimension, cell.segment, fig(cell.suppressed, cell.n), '', '', '', '', '', fig(cell.suppressed, cell.mean), '']);
        for (const c of cell.choices) rows.push([q.prompt, q.kind, tab.dimension, cell.segment, cell.n, c.label, fig(c.suppressed, c.count), fig(c.suppressed, c.share), fig(c.suppressed, c.ciLow), fig(c.suppressed, c.ciHigh), '', '']);
      }
    }
    for (const text of q.texts) rows.push([q.prompt, q.kind, 'text', '', '', text, '', '', '', '', '', '']);
  }
  // A cell starting with = + - @ would be a formula to a spreadsheet: kept as text.
  const safe = rows.map((row) => row.map((cell) => (typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)));
  return stringify(safe);
}
