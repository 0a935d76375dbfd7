/**
 * The texts of an invoice, in French or English, laid out once for the printable page and the PDF.
 * What a French invoice to a public agency (or any business) must carry is here: the seller's
 * legal name, address, SIREN/SIRET and VAT number; the buyer's name and address (and VAT number);
 * number, date and due date; the price excluding VAT, the VAT by rate and the total; the VAT
 * mention of a reverse charge or of a supply outside the scope of French VAT; payment terms, the
 * late-payment penalty rate and the fixed 40 € recovery fee (Code de commerce, L441-9, L441-10 and
 * D441-5); the bank details of the transfer.
 */
import type { Language } from '../../language.ts';
import type { SellerSnapshot } from './parties.ts';

export interface InvoiceData {
  invoiceNumber: string;
  createdAt: Date;
  dueAt: Date;
  paidAt: Date | null;
  status: string;
  surveyTitle: string;
  respondents: number;
  baseFeeCents: number;
  perRespondentCents: number;
  amountCents: number;
  vatRegime: string;
  vatRateBasisPoints: number;
  vatCents: number;
  totalCents: number;
  buyerName: string;
  buyerAddress: string | null;
  buyerCountry: string;
  buyerVatNumber: string | null;
  seller: SellerSnapshot;
}

/** The fixed recovery fee owed by a business buyer that pays late (Code de commerce, D441-5). */
export const RECOVERY_FEE_CENTS = 4000;

const LABELS = {
  fr: {
    title: (n: string) => `Facture ${n}`,
    date: 'Date de facture',
    due: 'Échéance',
    status: 'État',
    statuses: { INVOICED: 'En attente de paiement', PAID: 'Payée', CANCELLED: 'Annulée' } as Record<string, string>,
    paidOn: (d: string) => `payée le ${d}`,
    seller: 'Émetteur',
    billedTo: 'Facturé à',
    siren: 'SIREN',
    siret: 'SIRET',
    vatNumber: 'N° TVA intracommunautaire',
    subject: (title: string) => `Rapport de recherche de l’enquête «\u00a0${title}\u00a0»`,
    baseFee: 'Forfait',
    respondents: (n: string, one: boolean, fee: string) => `${n} ${one ? 'répondant' : 'répondants'} × ${fee}`,
    net: 'Total HT',
    vat: (rate: string) => `TVA ${rate}`,
    gross: 'Total TTC',
    legacyTotal: 'Total (TVA non applicable)',
    reverseCharge: 'Autoliquidation\u00a0: TVA due par le preneur (article 196 de la directive 2006/112/CE).',
    outsideEu: 'TVA non applicable, article 259-1 du CGI (prestation hors du champ de la TVA française).',
    formula: (base: string, fee: string, n: string, one: boolean, total: string) =>
      `Prix\u00a0: forfait de ${base} + ${fee} par répondant × ${n} ${one ? 'répondant' : 'répondants'} = ${total} HT.`,
    payment: 'Paiement',
    terms: (days: number, due: string) => `Par virement, à ${days}\u00a0jours de la date de facture, au plus tard le ${due}. Pas d’escompte pour paiement anticipé.`,
    penalties: (rate: string, fee: string) =>
      `En cas de retard de paiement\u00a0: pénalités au taux annuel de ${rate}, exigibles dès le lendemain de l’échéance, et indemnité forfaitaire pour frais de recouvrement de ${fee} (articles L441-10 et D441-5 du Code de commerce).`,
    bank: 'Coordonnées bancaires',
    reference: (n: string) => `Référence à indiquer sur le virement\u00a0: ${n}`,
  },
  en: {
    title: (n: string) => `Invoice ${n}`,
    date: 'Invoice date',
    due: 'Due date',
    status: 'Status',
    statuses: { INVOICED: 'Awaiting payment', PAID: 'Paid', CANCELLED: 'Cancelled' } as Record<string, string>,
    paidOn: (d: string) => `paid on ${d}`,
    seller: 'From',
    billedTo: 'Billed to',
    siren: 'SIREN',
    siret: 'SIRET',
    vatNumber: 'VAT number',
    subject: (title: string) => `Research report of the survey “${title}”`,
    baseFee: 'Base fee',
    respondents: (n: string, one: boolean, fee: string) => `${n} ${one ? 'respondent' : 'respondents'} × ${fee}`,
    net: 'Total excluding VAT',
    vat: (rate: string) => `VAT ${rate}`,
    gross: 'Total including VAT',
    legacyTotal: 'Total (VAT not applicable)',
    reverseCharge: 'Reverse charge: VAT to be accounted for by the recipient (Article 196 of Council Directive 2006/112/EC).',
    outsideEu: 'VAT not applicable, article 259-1 of the French tax code (supply outside the scope of French VAT).',
    formula: (base: string, fee: string, n: string, one: boolean, total: string) =>
      `Price: base fee of ${base} + ${fee} per respondent × ${n} ${one ? 'respondent' : 'respondents'} = ${total} excluding VAT.`,
    payment: 'Payment',
    terms: (days: number, due: string) => `By bank transfer, ${days} days from the invoice date, by ${due} at the latest. No discount for early payment.`,
    penalties: (rate: string, fee: string) =>
      `Late payment: penalties at an annual rate of ${rate}, due from the day after the due date, and a fixed recovery fee of ${fee} (French Commercial Code, articles L441-10 and D441-5).`,
    bank: 'Bank details',
    reference: (n: string) => `Reference to give with the transfer: ${n}`,
  },
} as const;

const INTL_LOCALE: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB' };

/** An invoice's texts: blocks of lines, the table of amounts, and the mentions below it. */
export interface InvoiceText {
  lang: Language;
  title: string;
  heading: string;
  seller: { label: string; lines: string[] };
  buyer: { label: string; lines: string[] };
  facts: string[];
  subject: string;
  lines: Array<[string, string]>;
  /** The last line of `lines` is the amount to pay. */
  vatMention: string | null;
  formula: string;
  payment: { label: string; lines: string[] };
  bank: { label: string; lines: string[] };
  colon: string;
}

/** "FR7630006000011234567890189" → "FR76 3000 6000 0112 3456 7890 189", as printed on a RIB. */
const groupsOfFour = (iban: string) => iban.replace(/(.{4})(?=.)/g, '$1 ');

export function invoiceText(i: InvoiceData, lang: Language): InvoiceText {
  const l = LABELS[lang];
  const locale = INTL_LOCALE[lang];
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
  const euros = (cents: number) => money.format(cents / 100);
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Europe/Paris' });
  const percent = (value: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(value / 100);
  const count = new Intl.NumberFormat(locale).format(i.respondents);
  const one = new Intl.PluralRules(locale).select(i.respondents) === 'one';
  const colon = lang === 'fr' ? '\u00a0: ' : ': ';
  const country = (code: string) => new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  const s = i.seller;
  const totals: Array<[string, string]> =
    i.vatRegime === 'NOT_APPLICABLE'
      ? [[l.legacyTotal, euros(i.amountCents)]]
      : [[l.net, euros(i.amountCents)], [l.vat(percent(i.vatRateBasisPoints / 100)), euros(i.vatCents)], [l.gross, euros(i.totalCents)]];
  return {
    lang,
    title: l.title(i.invoiceNumber),
    heading: `${s.legalName} — ${l.title(i.invoiceNumber)}`,
    seller: {
      label: l.seller,
      lines: [s.legalName, ...s.addressLines, `${l.siren}${colon}${s.siret.slice(0, 9)} — ${l.siret}${colon}${s.siret}`, `${l.vatNumber}${colon}${s.vatNumber}`],
    },
    buyer: {
      label: l.billedTo,
      lines: [
        i.buyerName,
        ...(i.buyerAddress ?? '').split('\n').filter(Boolean),
        country(i.buyerCountry),
        ...(i.buyerVatNumber ? [`${l.vatNumber}${colon}${i.buyerVatNumber}`] : []),
      ],
    },
    facts: [
      `${l.date}${colon}${dates.format(i.createdAt)}`,
      `${l.due}${colon}${dates.format(i.dueAt)}`,
      `${l.status}${colon}${l.statuses[i.status] ?? i.status}${i.paidAt ? ` (${l.paidOn(dates.format(i.paidAt))})` : ''}`,
    ],
    subject: l.subject(i.surveyTitle),
    lines: [
      [l.baseFee, euros(i.baseFeeCents)],
      [l.respondents(count, one, euros(i.perRespondentCents)), euros(i.perRespondentCents * i.respondents)],
      ...totals,
    ],
    vatMention: i.vatRegime === 'REVERSE_CHARGE' ? l.reverseCharge : i.vatRegime === 'OUTSIDE_EU' ? l.outsideEu : null,
    formula: l.formula(euros(i.baseFeeCents), euros(i.perRespondentCents), count, one, euros(i.amountCents)),
    payment: {
      label: l.payment,
      lines: [l.terms(s.paymentDays, dates.format(i.dueAt)), l.penalties(percent(s.latePenaltyRatePercent), euros(RECOVERY_FEE_CENTS))],
    },
    bank: { label: l.bank, lines: [`${s.legalName}`, `IBAN${colon}${groupsOfFour(s.iban)}`, `BIC${colon}${s.bic}`, l.reference(i.invoiceNumber)] },
    colon,
  };
}
