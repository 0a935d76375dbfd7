/**
 * What an order invoices: the client's billing details (updateOrganizationBilling), the VAT their
 * country and VAT number call for (French VAT at the configured rate, reverse charge, outside the
 * EU), the due date, and invoice numbers that follow each other without a gap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.ts';

let t: TestApp;
type Client = Awaited<ReturnType<TestApp['make']['client']>>;

const BILLING = `mutation ($input: OrganizationBillingInput!) {
  updateOrganizationBilling(input: $input) { name billingAddress postalCode city country vatNumber }
}`;
const ORDER = `mutation ($s: ID!) {
  orderReport(surveyId: $s) { id invoiceNumber amountCents vatRegime vatRateBasisPoints vatCents totalCents createdAt dueAt buyerName }
}`;
const QUOTE = 'query ($s: ID!) { orderQuote(surveyId: $s) { amountCents vatRegime vatCents totalCents } }';

interface Order {
  id: string;
  invoiceNumber: string;
  amountCents: number;
  vatRegime: string;
  vatRateBasisPoints: number;
  vatCents: number;
  totalCents: number;
  createdAt: string;
  dueAt: string;
  buyerName: string;
}

beforeAll(async () => {
  // A reduced rate, so that the test shows the rate comes from the configuration; k = 10, so that
  // the surveys of 10 respondents ordered here publish something (else no order is taken).
  t = await createTestApp({ REPORT_BASE_FEE_CENTS: '150000', REPORT_FEE_PER_RESPONDENT_CENTS: '500', INVOICE_VAT_RATE_PERCENT: '5.5', INVOICE_PAYMENT_DAYS: '45', REPORT_K: '10' });
});
afterAll(() => t.close());

async function closedSurvey(owner: Client, responses = 10) {
  const survey = await t.make.survey({ owner, status: 'CLOSED' });
  await t.db.survey.update({ where: { id: survey.id }, data: { responseCount: responses } });
  return survey;
}

async function order(client: Client, surveyId: string) {
  const res = await t.gql<{ orderReport: Order }>(ORDER, { s: surveyId }, { token: client.token });
  expect(res.errors).toBeUndefined();
  return res.data!.orderReport;
}

const invoicePage = async (client: Client, id: string, lang = 'fr') => (await t.http(`/invoices/${id}.html`, { token: client.token, headers: { 'accept-language': lang } })).text();

async function billedClient(input: Record<string, string | null>) {
  const client = await t.make.client();
  const res = await t.gql(BILLING, { input: { name: 'Agence test', billingAddress: '1 rue Test', city: 'Paris', country: 'FR', ...input } }, { token: client.token });
  expect(res.errors).toBeUndefined();
  return client;
}

describe('the billing details of a client organisation', () => {
  it('are set by the client, normalised, and read back on its account', async () => {
    const client = await t.make.client();
    const input = { name: 'Sciensano', billingAddress: 'Rue Juliette Wytsman 14\r\nBâtiment B', postalCode: '1050', city: 'Bruxelles', country: 'be', vatNumber: 'be 0123.456.749' };
    const res = await t.gql<{ updateOrganizationBilling: Record<string, string> }>(BILLING, { input }, { token: client.token });
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateOrganizationBilling).toEqual({
      name: 'Sciensano', billingAddress: 'Rue Juliette Wytsman 14\nBâtiment B', postalCode: '1050', city: 'Bruxelles', country: 'BE', vatNumber: 'BE0123456749',
    });
    const me = await t.gql<{ me: { organization: { country: string; vatNumber: string } } }>('{ me { organization { country vatNumber } } }', {}, { token: client.token });
    expect(me.data!.me.organization).toEqual({ country: 'BE', vatNumber: 'BE0123456749' });
  });

  it('refuse a VAT number of another country, a key that does not hold, or an unknown country, naming the field and changing nothing', async () => {
    const client = await t.make.client();
    const base = { name: 'Agence nouvelle', billingAddress: '1 rue Test', city: 'Paris', country: 'FR' };
    for (const [input, field] of [
      [{ ...base, vatNumber: 'BE0123456749' }, 'vatNumber'],
      [{ ...base, vatNumber: 'FR45732829320' }, 'vatNumber'],
      [{ ...base, country: 'XX' }, 'country'],
      [{ ...base, city: '' }, 'city'],
    ] as const) {
      const res = await t.gql(BILLING, { input }, { token: client.token });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const org = await t.db.organization.findUniqueOrThrow({ where: { id: client.account.organizationId! } });
    expect(org).toMatchObject({ name: 'Agence test', billingAddress: '1 avenue du Test', vatNumber: null });
  });
});

describe('the VAT of an order', () => {
  it('is French VAT at the configured rate for a buyer in France: HT, TVA, TTC, due INVOICE_PAYMENT_DAYS later', async () => {
    const client = await t.make.client();
    const survey = await closedSurvey(client);
    expect((await t.gql<{ orderQuote: unknown }>(QUOTE, { s: survey.id }, { token: client.token })).data!.orderQuote).toEqual({
      amountCents: 155_000, vatRegime: 'STANDARD', vatCents: 8525, totalCents: 163_525,
    });
    const o = await order(client, survey.id);
    expect(o).toMatchObject({ amountCents: 155_000, vatRegime: 'STANDARD', vatRateBasisPoints: 550, vatCents: 8525, totalCents: 163_525, buyerName: 'Agence test' });
    expect(new Date(o.dueAt).getTime() - new Date(o.createdAt).getTime()).toBe(45 * 86_400_000);
    const page = await invoicePage(client, o.id);
    expect(page).toContain('<td>TVA 5,5\u00a0%</td><td class="amount">85,25\u00a0€</td>');
    expect(page).toContain('Total TTC</td><td class="amount">1\u202f635,25\u00a0€</td>');
    expect(page).not.toContain('Autoliquidation');
  });

  it('is reverse-charged for an EU buyer outside France with a VAT number, with the mention of article 196', async () => {
    const client = await billedClient({ country: 'BE', vatNumber: 'BE0123456749', name: 'Sciensano', city: 'Bruxelles', postalCode: '1050' });
    const o = await order(client, (await closedSurvey(client)).id);
    expect(o).toMatchObject({ amountCents: 155_000, vatRegime: 'REVERSE_CHARGE', vatRateBasisPoints: 0, vatCents: 0, totalCents: 155_000, buyerName: 'Sciensano' });
    const fr = await invoicePage(client, o.id);
    expect(fr).toContain('Autoliquidation\u00a0: TVA due par le preneur (article 196 de la directive 2006/112/CE).');
    expect(fr).toContain('Sciensano<br>1 rue Test<br>1050 Bruxelles<br>Belgique<br>N° TVA intracommunautaire\u00a0: BE0123456749');
    expect(await invoicePage(client, o.id, 'en')).toContain('Reverse charge: VAT to be accounted for by the recipient (Article 196 of Council Directive 2006/112/EC).');
  });

  it('is French VAT for an EU buyer without a VAT number, and none outside the EU', async () => {
    const belgian = await billedClient({ country: 'BE', vatNumber: null });
    expect(await order(belgian, (await closedSurvey(belgian)).id)).toMatchObject({ vatRegime: 'STANDARD', vatCents: 8525 });
    const swiss = await billedClient({ country: 'CH' });
    const o = await order(swiss, (await closedSurvey(swiss)).id);
    expect(o).toMatchObject({ vatRegime: 'OUTSIDE_EU', vatCents: 0, totalCents: 155_000 });
    expect(await invoicePage(swiss, o.id)).toContain('TVA non applicable, article 259-1 du CGI');
  });

  it('stays as invoiced when the buyer’s details change afterwards', async () => {
    const client = await t.make.client();
    const o = await order(client, (await closedSurvey(client)).id);
    await t.gql(BILLING, { input: { name: 'Autre nom', billingAddress: '9 rue Ailleurs', city: 'Lyon', country: 'DE', vatNumber: 'DE123456789' } }, { token: client.token });
    const page = await invoicePage(client, o.id);
    expect(page).toContain('Agence test<br>1 avenue du Test<br>75007 Paris<br>France');
    expect(page).not.toContain('Autre nom');
    expect(page).toContain('TVA 5,5');
  });
});

describe('invoice numbers', () => {
  const numberOf = (invoice: string) => Number(invoice.slice(-6));

  it('follow each other without a gap: a refused order takes no number, concurrent orders take consecutive ones', async () => {
    const client = await t.make.client();
    const first = await order(client, (await closedSurvey(client)).id);
    const open = await t.make.survey({ owner: client, status: 'OPEN' });
    expect((await t.gql(ORDER, { s: open.id }, { token: client.token })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'wrong_state' });
    const second = await order(client, (await closedSurvey(client)).id);
    expect(numberOf(second.invoiceNumber)).toBe(numberOf(first.invoiceNumber) + 1);
    const surveys = await Promise.all([1, 2, 3, 4, 5].map(() => closedSurvey(client)));
    const concurrent = await Promise.all(surveys.map((s) => order(client, s.id)));
    const numbers = concurrent.map((o) => numberOf(o.invoiceNumber)).sort((a, b) => a - b);
    expect(numbers).toEqual([1, 2, 3, 4, 5].map((n) => numberOf(second.invoiceNumber) + n));
    expect(first.invoiceNumber).toMatch(new RegExp(`^CONS-${new Date().getUTCFullYear()}-\\d{6}$`));
  });
});
