/** The invoice as a printable page (a print stylesheet gives a clean A4 PDF from the browser) and as a PDF. */
import PDFDocument from 'pdfkit';
import type { Language } from '../../language.ts';
import { invoiceText, type InvoiceData } from './invoice-text.ts';

export type { InvoiceData } from './invoice-text.ts';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const lines = (list: string[]) => list.map(escapeHtml).join('<br>');

const STYLE = `body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#111;line-height:1.4}
h1{font-size:1.5rem;margin:0 0 1rem}h2{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:#444;margin:0 0 .25rem}
.parties{display:flex;flex-wrap:wrap;gap:1rem 3rem;margin-bottom:1rem}.parties section{flex:1 1 16rem}
table{width:100%;border-collapse:collapse;margin:1rem 0}td{padding:.4rem 0;border-bottom:1px solid #ccc;vertical-align:top}
.amount{text-align:right;white-space:nowrap;padding-left:1rem}tr.total td{font-weight:bold;border-bottom:none}
.mention{font-weight:600}footer{margin-top:1.5rem;font-size:.9rem}footer section{margin-bottom:1rem}
@media print{@page{size:A4;margin:15mm}body{margin:0;max-width:none;padding:0;font-size:10.5pt}
.parties,table,footer section{break-inside:avoid}a{color:inherit;text-decoration:none}}`;

export function invoiceHtml(i: InvoiceData, lang: Language): string {
  const x = invoiceText(i, lang);
  const rows = x.lines
    .map(([label, amount], n) => `<tr${n === x.lines.length - 1 ? ' class="total"' : ''}><td>${escapeHtml(label)}</td><td class="amount">${escapeHtml(amount)}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="${x.lang}"><head><meta charset="utf-8"><title>${escapeHtml(x.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(x.heading)}</h1>
<div class="parties">
<section><h2>${escapeHtml(x.seller.label)}</h2><p>${lines(x.seller.lines)}</p></section>
<section><h2>${escapeHtml(x.buyer.label)}</h2><p>${lines(x.buyer.lines)}</p></section>
</div>
<p>${lines(x.facts)}</p>
<p>${escapeHtml(x.subject)}</p>
<table>${rows}</table>
${x.vatMention ? `<p class="mention">${escapeHtml(x.vatMention)}</p>\n` : ''}<p>${escapeHtml(x.formula)}</p>
<footer>
<section><h2>${escapeHtml(x.payment.label)}</h2><p>${lines(x.payment.lines)}</p></section>
<section><h2>${escapeHtml(x.bank.label)}</h2><p>${lines(x.bank.lines)}</p></section>
</footer>
</body></html>`;
}

/**
 * The PDF uses Helvetica, whose WinAnsi encoding has the no-break space (U+00A0) but not the
 * narrow one (U+202F) that French number formatting puts between thousands (it would vanish,
 * "1500,00"): it is drawn as a no-break space.
 */
const winAnsi = (s: string) => s.replace(/\u202f/g, '\u00a0');

export function invoicePdf(i: InvoiceData, lang: Language): Promise<Buffer> {
  const x = invoiceText(i, lang);
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 48, lang: x.lang, info: { Title: x.title, Author: i.seller.legalName } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const block = (label: string, list: string[]) => {
      doc.fontSize(8).text(winAnsi(label.toUpperCase())).fontSize(10);
      for (const line of list) doc.text(winAnsi(line));
      doc.moveDown(0.6);
    };
    doc.fontSize(16).text(winAnsi(x.heading)).moveDown(0.6);
    block(x.seller.label, x.seller.lines);
    block(x.buyer.label, x.buyer.lines);
    for (const fact of x.facts) doc.text(winAnsi(fact));
    doc.moveDown(0.6).text(winAnsi(x.subject)).moveDown(0.6);
    for (const [label, amount] of x.lines) doc.text(winAnsi(`${label}${x.colon}${amount}`));
    if (x.vatMention) doc.moveDown(0.4).text(winAnsi(x.vatMention));
    doc.moveDown(0.4).text(winAnsi(x.formula)).moveDown(0.6);
    block(x.payment.label, x.payment.lines);
    block(x.bank.label, x.bank.lines);
    doc.end();
  });
}
