/**
 * GET /invoices/<orderId>.pdf | .html in French or English after Accept-Language: labels, dates
 * (Europe/Paris), amounts (Intl, EUR), the price formula, and what a French invoice must carry
 * (seller, buyer, due date, VAT, payment terms, penalties, the 40 € fee, bank details); the PDF stays
 * a valid, readable PDF and the page stays escaped and printable. Access rules are those of report.int.test.ts, checked again here with
 * a language asked.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { ACCEPT_LANGUAGE_TABLE } from '../test/accept-language.ts';

let t: TestApp;
let client: Awaited<ReturnType<TestApp['make']['client']>>;
let admin: Awaited<ReturnType<TestApp['make']['admin']>>;
let order: { id: string; invoiceNumber: string };

const NNBSP = '\u202f';
const NBSP = '\u00a0';

beforeAll(async () => {
  // k = 10: the 10 respondents of the survey below are enough for its report to be sold.
  t = await createTestApp({ REPORT_BASE_FEE_CENTS: '150000', REPORT_FEE_PER_RESPONDENT_CENTS: '500', REPORT_K: '10' });
  client = await t.make.client();
  admin = await t.make.admin();
  const survey = await t.make.survey({ owner: client, status: 'CLOSED', title: 'Hiver <b>prescriptions</b> & "co"' });
  await t.db.survey.update({ where: { id: survey.id }, data: { responseCount: 10 } });
  const ordered = await t.gql<{ orderReport: { id: string; invoiceNumber: string } }>('mutation ($s: ID!) { orderReport(surveyId: $s) { id invoiceNumber } }', { s: survey.id }, { token: client.token });
  order = ordered.data!.orderReport;
  // Ordered at 00:30 in Paris on 1 April (22:30 UTC on 31 March), paid on 14 April.
  await t.db.reportOrder.update({
    where: { id: order.id },
    data: { createdAt: new Date('2026-03-31T22:30:00Z'), dueAt: new Date('2026-04-30T22:30:00Z'), status: 'PAID', paidAt: new Date('2026-04-14T08:00:00Z') },
  });
});
afterAll(() => t.close());

async function invoice(ext: 'pdf' | 'html', acceptLanguage?: string, token = client.token) {
  return t.http(`/invoices/${order.id}.${ext}`, { token, headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {} });
}

/** The text of every page, one line per text run, as a PDF reader extracts it. */
async function pdfText(bytes: Buffer): Promise<{ text: string; title: unknown; pages: number }> {
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  const lines: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    for (const item of content.items) if ('str' in item) lines.push(item.str);
  }
  const { info } = await doc.getMetadata();
  const pages = doc.numPages;
  await doc.destroy();
  return { text: lines.join('\n'), title: (info as { Title?: unknown }).Title, pages };
}

describe('the language of the invoice and of the API', () => {
  it.each(ACCEPT_LANGUAGE_TABLE)('Accept-Language %j: both in %s, as negotiateLanguage says', async (header, language) => {
    const res = await invoice('html', header ?? undefined);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-language')).toBe(language);
    const headers: Record<string, string> = header ? { 'accept-language': header } : {};
    const [asked, reference] = await Promise.all([
      t.gql<{ specialties: Array<{ label: string }> }>('{ specialties { label } }', {}, { headers }),
      t.gql<{ specialties: Array<{ label: string }> }>('{ specialties { label } }', {}, { headers: { 'accept-language': language } }),
    ]);
    expect(asked.data!.specialties).toEqual(reference.data!.specialties);
  });

  it('the API labels differ by language, so the row above can tell them apart', async () => {
    const [fr, en] = await Promise.all(
      ['fr', 'en'].map((l) => t.gql<{ specialties: Array<{ label: string }> }>('{ specialties { label } }', {}, { headers: { 'accept-language': l } })),
    );
    expect(fr!.data!.specialties).not.toEqual(en!.data!.specialties);
  });
});

describe('the printable invoice', () => {
  it('is in French for a French reader: labels, Paris dates, amounts as "1 550,00 €", the formula, all escaped', async () => {
    const res = await invoice('html', 'fr-BE,fr;q=0.9,en;q=0.8');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-language')).toBe('fr');
    expect(res.headers.get('vary')).toMatch(/accept-language/i);
    const page = await res.text();
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain(`<title>Facture ${order.invoiceNumber}</title>`);
    expect(page).toContain(`Date de facture${NBSP}: 1 avril 2026<br>Échéance${NBSP}: 1 mai 2026`);
    expect(page).toContain(`État${NBSP}: Payée (payée le 14 avril 2026)`);
    expect(page).toContain(`<h2>Facturé à</h2><p>Agence test<br>1 avenue du Test<br>75007 Paris<br>France</p>`);
    expect(page).toContain(`<h2>Émetteur</h2><p>Consilium SAS (development)<br>10 rue de l’Exemple<br>75011 Paris<br>France<br>SIREN${NBSP}: 123456782 — SIRET${NBSP}: 12345678200002<br>N° TVA intracommunautaire${NBSP}: FR11123456782</p>`);
    expect(page).toContain(`Rapport de recherche de l’enquête «${NBSP}Hiver &#60;b&#62;prescriptions&#60;/b&#62; &#38; &#34;co&#34;${NBSP}»`);
    expect(page).not.toContain('<b>prescriptions');
    expect(page).toContain(`<td>Forfait</td><td class="amount">1${NNBSP}500,00${NBSP}€</td>`);
    expect(page).toContain(`<td>10 répondants × 5,00${NBSP}€</td><td class="amount">50,00${NBSP}€</td>`);
    expect(page).toContain(`<td>Total HT</td><td class="amount">1${NNBSP}550,00${NBSP}€</td>`);
    expect(page).toContain(`<td>TVA 20${NBSP}%</td><td class="amount">310,00${NBSP}€</td>`);
    expect(page).toContain(`<tr class="total"><td>Total TTC</td><td class="amount">1${NNBSP}860,00${NBSP}€</td>`);
    expect(page).toContain(`Prix${NBSP}: forfait de 1${NNBSP}500,00${NBSP}€ + 5,00${NBSP}€ par répondant × 10 répondants = 1${NNBSP}550,00${NBSP}€ HT.`);
    expect(page).toContain(`Par virement, à 30${NBSP}jours de la date de facture, au plus tard le 1 mai 2026. Pas d’escompte pour paiement anticipé.`);
    expect(page).toContain(`pénalités au taux annuel de 12,15${NBSP}%`);
    expect(page).toContain(`indemnité forfaitaire pour frais de recouvrement de 40,00${NBSP}€ (articles L441-10 et D441-5 du Code de commerce)`);
    expect(page).toContain(`IBAN${NBSP}: FR76 3000 6000 0112 3456 7890 189<br>BIC${NBSP}: AGRIFRPP<br>Référence à indiquer sur le virement${NBSP}: ${order.invoiceNumber}`);
    expect(page).toMatch(/@media print\{@page\{size:A4/);
    expect(page).not.toMatch(/Invoice|Billed|Total \(VAT|INVOICED|PAID|Autoliquidation/);
  });

  // A German reader reads French, as in the API and the web app (one negotiation, language.ts).
  it('is in French when no language (or neither of ours) is asked, and in English for an English reader', async () => {
    expect(await (await invoice('html')).text()).toContain(`1${NNBSP}550,00${NBSP}€`);
    expect(await (await invoice('html', 'de-DE,de;q=0.9', admin.token)).text()).toContain(`1${NNBSP}550,00${NBSP}€`);
    for (const header of ['en-GB,en;q=0.9,fr;q=0.8', 'en-US,en;q=0.9,de;q=0.8']) {
      const res = await invoice('html', header, admin.token);
      expect(res.headers.get('content-language')).toBe('en');
      const page = await res.text();
      expect(page).toContain('<html lang="en">');
      expect(page).toContain(`<h1>Consilium SAS (development) — Invoice ${order.invoiceNumber}</h1>`);
      expect(page).toContain('Invoice date: 1 April 2026<br>Due date: 1 May 2026');
      expect(page).toContain('Status: Paid (paid on 14 April 2026)');
      expect(page).toContain('<h2>Billed to</h2><p>Agence test<br>1 avenue du Test<br>75007 Paris<br>France</p>');
      expect(page).toContain('Research report of the survey “Hiver &#60;b&#62;prescriptions&#60;/b&#62; &#38; &#34;co&#34;”');
      expect(page).toContain('<td>Base fee</td><td class="amount">€1,500.00</td>');
      expect(page).toContain('<td>10 respondents × €5.00</td><td class="amount">€50.00</td>');
      expect(page).toContain('<td>Total excluding VAT</td><td class="amount">€1,550.00</td>');
      expect(page).toContain('<td>VAT 20%</td><td class="amount">€310.00</td>');
      expect(page).toContain('<td>Total including VAT</td><td class="amount">€1,860.00</td>');
      expect(page).toContain('Price: base fee of €1,500.00 + €5.00 per respondent × 10 respondents = €1,550.00 excluding VAT.');
      expect(page).toContain('By bank transfer, 30 days from the invoice date, by 1 May 2026 at the latest.');
      expect(page).toContain('penalties at an annual rate of 12.15%');
      expect(page).toContain('a fixed recovery fee of €40.00');
      expect(page).toContain('IBAN: FR76 3000 6000 0112 3456 7890 189<br>BIC: AGRIFRPP');
      expect(page).not.toMatch(/Facture|répondant|Forfait/);
    }
  });
});

describe('the PDF invoice', () => {
  it('is a valid PDF whose text reads in French, amounts included', async () => {
    const res = await invoice('pdf', 'fr');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-language')).toBe('fr');
    const { text, title, pages } = await pdfText(Buffer.from(await res.arrayBuffer()));
    expect(pages).toBe(1);
    expect(title).toBe(`Facture ${order.invoiceNumber}`);
    // Helvetica (WinAnsi) has no narrow no-break space: thousands are kept together by a
    // no-break space, which WinAnsi draws with the space glyph, so a reader extracts a plain space.
    for (const line of [
      `Consilium SAS (development) — Facture ${order.invoiceNumber}`,
      'SIREN : 123456782 — SIRET : 12345678200002',
      'N° TVA intracommunautaire : FR11123456782',
      'Agence test',
      '75007 Paris',
      'Date de facture : 1 avril 2026',
      'Échéance : 1 mai 2026',
      'État : Payée (payée le 14 avril 2026)',
      'Rapport de recherche de l’enquête « Hiver <b>prescriptions</b> & "co" »',
      'Forfait : 1 500,00 €',
      '10 répondants × 5,00 € : 50,00 €',
      'Total HT : 1 550,00 €',
      'TVA 20 % : 310,00 €',
      'Total TTC : 1 860,00 €',
      'Prix : forfait de 1 500,00 € + 5,00 € par répondant × 10 répondants = 1 550,00 € HT.',
      'IBAN : FR76 3000 6000 0112 3456 7890 189',
      'BIC : AGRIFRPP',
    ]) {
      expect(text).toContain(line);
    }
  });

  it('is a valid PDF whose text reads in English for an English reader', async () => {
    const { text, title } = await pdfText(Buffer.from(await (await invoice('pdf', 'en-US,en;q=0.9')).arrayBuffer()));
    expect(title).toBe(`Invoice ${order.invoiceNumber}`);
    for (const line of ['Invoice date: 1 April 2026', 'Due date: 1 May 2026', 'Status: Paid (paid on 14 April 2026)', 'Base fee: €1,500.00', '10 respondents × €5.00: €50.00', 'Total excluding VAT: €1,550.00', 'VAT 20%: €310.00', 'Total including VAT: €1,860.00']) {
      expect(text).toContain(line);
    }
    expect(text).not.toContain('Facture');
  });
});

describe('access, whatever the language', () => {
  it('still refuses anonymous callers, physicians and other organisations', async () => {
    expect((await invoice('pdf', 'en', '')).status).toBe(401);
    expect((await invoice('html', 'fr', (await t.make.verifiedPhysician()).token)).status).toBe(403);
    expect((await invoice('html', 'en', (await t.make.client()).token)).status).toBe(404);
  });

  it('refuses the organisation’s own client while their address is unconfirmed, and serves it once confirmed', async () => {
    await t.db.account.update({ where: { id: client.account.id }, data: { emailConfirmed: false } });
    try {
      const refused = await invoice('html', 'en');
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('EMAIL_NOT_CONFIRMED');
    } finally {
      await t.db.account.update({ where: { id: client.account.id }, data: { emailConfirmed: true } });
    }
    expect((await invoice('html', 'en')).status).toBe(200);
  });
});
