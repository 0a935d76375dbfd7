/**
 * The documents of reports and orders: the invoice (printable HTML and PDF, in French or English)
 * and the CSV export.
 */
import type { ReportResult } from '@consilium/jobs/report-result';
import { stringify } from 'csv-stringify/sync';
import PDFDocument from 'pdfkit';
import type { Language } from '../../language.ts';

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

export type InvoiceLocale = Language;

/** Labels of the invoice; amounts and dates are formatted by Intl in the invoice's locale. */
const LABELS = {
  fr: {
    title: (n: string) => `Facture ${n}`,
    date: 'Date',
    status: 'État',
    statuses: { INVOICED: 'En attente de paiement', PAID: 'Payée', CANCELLED: 'Annulée' } as Record<string, string>,
    paidOn: (d: string) => `payée le ${d}`,
    billedTo: 'Facturé à',
    subject: (title: string) => `Rapport de recherche de l’enquête «\u00a0${title}\u00a0»`,
    baseFee: 'Forfait',
    respondents: (n: string, one: boolean, fee: string) => `${n} ${one ? 'répondant' : 'répondants'} × ${fee}`,
    total: 'Total (TVA non applicable)',
    formula: (base: string, fee: string, n: string, one: boolean, total: string) =>
      `Prix\u00a0: forfait de ${base} + ${fee} par répondant × ${n} ${one ? 'répondant' : 'répondants'} = ${total}.`,
  },
  en: {
    title: (n: string) => `Invoice ${n}`,
    date: 'Date',
    status: 'Status',
    statuses: { INVOICED: 'Awaiting payment', PAID: 'Paid', CANCELLED: 'Cancelled' } as Record<string, string>,
    paidOn: (d: string) => `paid on ${d}`,
    billedTo: 'Billed to',
    subject: (title: string) => `Research report of the survey “${title}”`,
    baseFee: 'Base fee',
    respondents: (n: string, one: boolean, fee: string) => `${n} ${one ? 'respondent' : 'respondents'} × ${fee}`,
    total: 'Total (VAT not applicable)',
    formula: (base: string, fee: string, n: string, one: boolean, total: string) =>
      `Price: base fee of ${base} + ${fee} per respondent × ${n} ${one ? 'respondent' : 'respondents'} = ${total}.`,
  },
} as const;

/** The Intl locale of each invoice language: French of France, English as written in Europe. */
const INTL_LOCALE: Record<InvoiceLocale, string> = { fr: 'fr-FR', en: 'en-GB' };

/** An invoice's texts, laid out once for both formats. */
interface InvoiceText {
  lang: InvoiceLocale;
  title: string;
  heading: string;
  dateLine: string;
  statusLine: string;
  billedTo: string;
  subject: string;
  lines: Array<[string, string]>;
  formula: string;
  /** ": " in English, " : " (no-break space before) in French. */
  colon: string;
}

function invoiceText(i: InvoiceData, lang: InvoiceLocale): InvoiceText {
  const l = LABELS[lang];
  const locale = INTL_LOCALE[lang];
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
  const euros = (cents: number) => money.format(cents / 100);
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Europe/Paris' });
  const count = new Intl.NumberFormat(locale).format(i.respondents);
  const one = new Intl.PluralRules(locale).select(i.respondents) === 'one';
  const status = l.statuses[i.status] ?? i.status;
  const colon = lang === 'fr' ? '\u00a0: ' : ': ';
  return {
    lang,
    title: l.title(i.invoiceNumber),
    heading: `Consilium — ${l.title(i.invoiceNumber)}`,
    dateLine: `${l.date}${colon}${dates.format(i.createdAt)}`,
    statusLine: `${l.status}${colon}${status}${i.paidAt ? ` (${l.paidOn(dates.format(i.paidAt))})` : ''}`,
    billedTo: `${l.billedTo}${colon}${i.organizationName}`,
    subject: l.subject(i.surveyTitle),
    lines: [
      [l.baseFee, euros(i.baseFeeCents)],
      [l.respondents(count, one, euros(i.perRespondentCents)), euros(i.perRespondentCents * i.respondents)],
      [l.total, euros(i.amountCents)],
    ],
    formula: l.formula(euros(i.baseFeeCents), euros(i.perRespondentCents), count, one, euros(i.amountCents)),
    colon,
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function invoiceHtml(i: InvoiceData, lang: InvoiceLocale): string {
  const x = invoiceText(i, lang);
  const rows = x.lines.map(([label, amount]) => `<tr><td>${escapeHtml(label)}</td><td class="amount">${escapeHtml(amount)}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="${x.lang}"><head><meta charset="utf-8"><title>${escapeHtml(x.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#111}
table{width:100%;border-collapse:collapse}td{padding:.4rem 0;border-bottom:1px solid #ccc}.amount{text-align:right;white-space:nowrap;padding-left:1rem}
tr:last-child td{font-weight:bold;border-bottom:none}@media print{body{margin:0}}</style></head>
<body>
<h1>${escapeHtml(x.heading)}</h1>
<p>${escapeHtml(x.dateLine)}<br>${escapeHtml(x.statusLine)}</p>
<p>${escapeHtml(x.billedTo)}<br>${escapeHtml(x.subject)}</p>
<table>${rows}</table>
<p>${escapeHtml(x.formula)}</p>
</body></html>`;
}

/**
 * The PDF uses Helvetica, whose WinAnsi encoding has the no-break space (U+00A0) but not the
 * narrow one (U+202F) that French number formatting puts between thousands (it would vanish,
 * "1500,00"): it is drawn as a no-break space.
 */
const winAnsi = (s: string) => s.replace(/\u202f/g, '\u00a0');

export function invoicePdf(i: InvoiceData, lang: InvoiceLocale): Promise<Buffer> {
  const x = invoiceText(i, lang);
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56, lang: x.lang, info: { Title: x.title, Author: 'Consilium' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(18).text(winAnsi(x.heading)).moveDown();
    doc.fontSize(11).text(winAnsi(x.dateLine)).text(winAnsi(x.statusLine)).moveDown();
    doc.text(winAnsi(x.billedTo)).text(winAnsi(x.subject)).moveDown();
    for (const [label, amount] of x.lines) doc.text(winAnsi(`${label}${x.colon}${amount}`));
    doc.moveDown().text(winAnsi(x.formula));
    doc.end();
  });
}

/**
 * The report as CSV: only the figures the report holds; a suppressed figure reads "suppressed",
 * a mean or median the report withholds (it would give a suppressed figure back, or escape the
 * noise) reads "withheld". The first lines name the survey, k, epsilon and, with epsilon, the
 * privacy budget the report spends.
 */
export function reportCsv(title: string, result: ReportResult): string {
  const S = 'suppressed';
  const rows: Array<Array<string | number>> = [
    ['survey', title],
    ['respondents', result.respondents],
    ['k', result.k],
    ['epsilon', result.epsilon ?? 'none'],
    ...(result.privacyBudget != null ? [['privacy_budget', result.privacyBudget]] : []),
    [],
    ['question', 'kind', 'dimension', 'segment', 'n', 'choice', 'count', 'share', 'ci_low', 'ci_high', 'mean', 'median'],
  ];
  const fig = (suppressed: boolean, value: number | null) => (suppressed ? S : value === null ? '' : value);
  for (const q of result.questions) {
    const hasMean = q.kind === 'LIKERT' || q.kind === 'NUMBER';
    const stat = (suppressed: boolean, value: number | null) => (!suppressed && hasMean && value === null ? 'withheld' : fig(suppressed, value));
    rows.push([q.prompt, q.kind, 'all', '', fig(q.suppressed, q.n), '', '', '', '', '', stat(q.suppressed, q.mean), stat(q.suppressed, q.median)]);
    for (const c of q.choices) rows.push([q.prompt, q.kind, 'all', '', fig(q.suppressed, q.n), c.label, fig(c.suppressed, c.count), fig(c.suppressed, c.share), fig(c.suppressed, c.ciLow), fig(c.suppressed, c.ciHigh), '', '']);
    for (const b of q.histogram) rows.push([q.prompt, q.kind, 'histogram', `${b.low}-${b.high}`, '', '', fig(b.suppressed, b.count), '', '', '', '', '']);
    for (const tab of q.crossTabs) {
      for (const cell of tab.cells) {
        rows.push([q.prompt, q.kind, tab.dimension, cell.segment, fig(cell.suppressed, cell.n), '', '', '', '', '', stat(cell.suppressed, cell.mean), '']);
        for (const c of cell.choices) rows.push([q.prompt, q.kind, tab.dimension, cell.segment, cell.n, c.label, fig(c.suppressed, c.count), fig(c.suppressed, c.share), fig(c.suppressed, c.ciLow), fig(c.suppressed, c.ciHigh), '', '']);
      }
    }
    for (const text of q.texts) rows.push([q.prompt, q.kind, 'text', '', '', text, '', '', '', '', '', '']);
  }
  // A cell starting with = + - @ would be a formula to a spreadsheet: kept as text.
  const safe = rows.map((row) => row.map((cell) => (typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)));
  return stringify(safe);
}
