/**
 * The respondent-level table: one row per response, answers only — no response id, no date, no
 * account, nothing but the generalised segment (generalise.ts) — in an order drawn from the
 * cryptographic generator. Variables carry labels and value labels, written out by syntax.ts.
 */
import { SPECIALTIES, YEAR_BANDS } from '@consilium/db';
import { ANY } from '@consilium/db/segment-groups';
import { shuffle } from '../aggregate/build.ts';
import { OTHER_REGION, generalise, type Released } from './generalise.ts';

export type Lang = 'fr' | 'en';
export type Cell = number | string | null;

export interface Variable {
  name: string;
  label: string;
  type: 'numeric' | 'string';
  /** Value labels of a coded variable. */
  values?: Array<{ code: number; label: string }>;
}

export interface FileQuestion {
  id: string;
  kind: string;
  prompt: string;
  choices: Array<{ id: string; label: string }>;
}

export interface FileAnswer {
  choiceIds: string[];
  number: number | null;
  text: string | null;
}

export interface FileResponse {
  segment: string;
  answers: ReadonlyMap<string, FileAnswer>;
}

export interface RespondentTable {
  variables: Variable[];
  rows: Cell[][];
  rung: number;
  suppressed: number;
  /** Questions left out, with why (free text withheld, a kind this file does not encode). */
  omitted: Array<{ variable: string; reason: 'TEXT_WITHHELD' | 'KIND_NOT_EXPORTED' }>;
}

const WITHHELD: Record<Lang, string> = { fr: 'masqué (< k)', en: 'withheld (< k)' };
const GROUP_LABELS: Record<string, Record<Lang, string>> = {
  'primary-care': { fr: 'Soins primaires', en: 'Primary care' },
  'medical-specialties': { fr: 'Spécialités médicales', en: 'Medical specialties' },
  'surgical-specialties': { fr: 'Spécialités chirurgicales', en: 'Surgical specialties' },
  'acute-care-and-imaging': { fr: 'Anesthésie, urgences et imagerie', en: 'Anaesthesia, emergency and imaging' },
  'other-specialties': { fr: 'Autres spécialités', en: 'Other specialties' },
};
const REGION_LABELS: Record<string, Record<Lang, string>> = {
  'western-europe': { fr: 'Europe de l’Ouest', en: 'Western Europe' },
  'southern-europe': { fr: 'Europe du Sud', en: 'Southern Europe' },
  'northern-europe': { fr: 'Europe du Nord', en: 'Northern Europe' },
  'eastern-europe': { fr: 'Europe de l’Est', en: 'Eastern Europe' },
  'north-america': { fr: 'Amérique du Nord', en: 'North America' },
  'africa-and-middle-east': { fr: 'Afrique et Moyen-Orient', en: 'Africa and Middle East' },
  [OTHER_REGION]: { fr: 'Autres pays', en: 'Other countries' },
};
const QI_LABELS: Record<keyof Released, Record<Lang, string>> = {
  specialty: { fr: 'Spécialité', en: 'Specialty' },
  specialtyGroup: { fr: 'Groupe de spécialités', en: 'Specialty group' },
  country: { fr: 'Pays', en: 'Country' },
  region: { fr: 'Région du monde', en: 'Region' },
  yearsBand: { fr: 'Années d’exercice', en: 'Years in practice' },
};
const QI_NAMES: Record<keyof Released, string> = { specialty: 'specialty', specialtyGroup: 'specialty_group', country: 'country', region: 'region', yearsBand: 'years_band' };

/** Every value a quasi-identifier may take, in a stable order (codes do not depend on the answers). */
function domainOf(part: keyof Released, lang: Lang, present: Set<string>): Array<{ value: string; label: string }> {
  const base: Array<{ value: string; label: string }> =
    part === 'specialty' ? SPECIALTIES.map((s) => ({ value: s.code, label: s[lang] }))
    : part === 'specialtyGroup' ? Object.keys(GROUP_LABELS).map((g) => ({ value: g, label: GROUP_LABELS[g]![lang] }))
    : part === 'region' ? Object.keys(REGION_LABELS).map((r) => ({ value: r, label: REGION_LABELS[r]![lang] }))
    : part === 'yearsBand' ? YEAR_BANDS.map((b) => ({ value: b.label, label: b.label }))
    : [...present].filter((c) => c !== ANY).sort().map((c) => ({ value: c, label: c }));
  const known = new Set(base.map((b) => b.value));
  const extra = [...present].filter((v) => v !== ANY && !known.has(v)).sort().map((v) => ({ value: v, label: v }));
  return [...base, ...extra, { value: ANY, label: WITHHELD[lang] }];
}

/** A cell of text starting with = + - @ would be a formula to a spreadsheet: kept as text. */
const safeText = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/**
 * Builds the table. `texts`: whether free-text answers may be released (the order asked for them
 * and the survey told its physicians); otherwise their variables are left out.
 */
export function respondentTable(questions: readonly FileQuestion[], responses: readonly FileResponse[], opts: { k: number; texts: boolean; lang: Lang }): RespondentTable {
  const { rung, released, suppressed } = generalise(responses.map((r) => r.segment), opts.k);
  const kept = responses.map((r, i) => ({ r, q: released[i] })).filter((x): x is { r: FileResponse; q: Released } => x.q !== null);
  const variables: Variable[] = [];
  const columns: Array<(row: { r: FileResponse; q: Released }) => Cell> = [];
  const parts = (['specialty', 'specialtyGroup', 'country', 'region', 'yearsBand'] as const).filter((p) => released.some((r) => r?.[p] !== undefined));
  for (const part of parts) {
    const domain = domainOf(part, opts.lang, new Set(kept.map((x) => x.q[part]!)));
    const code = new Map(domain.map((d, i) => [d.value, i + 1]));
    variables.push({ name: QI_NAMES[part], label: QI_LABELS[part][opts.lang], type: 'numeric', values: domain.map((d, i) => ({ code: i + 1, label: d.label })) });
    columns.push((x) => code.get(x.q[part]!) ?? null);
  }
  const omitted: RespondentTable['omitted'] = [];
  questions.forEach((question, qi) => {
    const name = `q${qi + 1}`;
    const answer = (x: { r: FileResponse }) => x.r.answers.get(question.id);
    const coded = question.choices.map((c, i) => ({ code: i + 1, label: c.label }));
    switch (question.kind) {
      case 'SINGLE_CHOICE':
      case 'LIKERT': {
        const codeOf = new Map(question.choices.map((c, i) => [c.id, i + 1]));
        variables.push({ name, label: question.prompt, type: 'numeric', values: coded });
        columns.push((x) => codeOf.get(answer(x)?.choiceIds[0] ?? '') ?? null);
        break;
      }
      case 'MULTIPLE_CHOICE':
        question.choices.forEach((c, ci) => {
          variables.push({ name: `${name}_${ci + 1}`, label: `${question.prompt} — ${c.label}`, type: 'numeric', values: [{ code: 0, label: opts.lang === 'fr' ? 'non coché' : 'not chosen' }, { code: 1, label: opts.lang === 'fr' ? 'coché' : 'chosen' }] });
          columns.push((x) => { const a = answer(x); return a ? (a.choiceIds.includes(c.id) ? 1 : 0) : null; });
        });
        break;
      case 'NUMBER':
        variables.push({ name, label: question.prompt, type: 'numeric' });
        columns.push((x) => answer(x)?.number ?? null);
        break;
      case 'TEXT':
        if (!opts.texts) { omitted.push({ variable: name, reason: 'TEXT_WITHHELD' }); break; }
        variables.push({ name, label: question.prompt, type: 'string' });
        columns.push((x) => { const t = answer(x)?.text; return t ? safeText(t.replace(/[\r\n]+/g, ' ')) : null; });
        break;
      default:
        omitted.push({ variable: name, reason: 'KIND_NOT_EXPORTED' });
    }
  });
  const rows = shuffle(kept.map((x) => columns.map((col) => col(x))));
  return { variables, rows, rung, suppressed, omitted };
}

