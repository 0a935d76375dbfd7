/**
 * The respondent-level table: one row per response, answers only — no response id, no date, no
 * account, nothing but the generalised segment (generalise.ts) — in an order drawn from the
 * cryptographic generator, with answer values held by fewer than k rows suppressed
 * (local-suppression.ts). Variables carry labels and value labels, written out by syntax.ts.
 */
import { SPECIALTIES, YEAR_BANDS } from '@consilium/db';
import { ANY } from '@consilium/db/segment-groups';
import { shuffle } from '../aggregate/build.ts';
import { OTHER_REGION, generalise, type Released } from './generalise.ts';
import { SUPPRESSED_CODE, codesToSuppress, numberBounds } from './local-suppression.ts';

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
  /** In position order; a matrix's items (`ITEM`) follow its scale points. */
  choices: Array<{ id: string; label: string; role?: string }>;
  /** A ranking's number of ranked places (null: all). */
  rankTop?: number | null;
}

export interface FileAnswer {
  choiceIds: string[];
  number: number | null;
  text: string | null;
  /** A matrix's answer: the scale point chosen for each item. */
  items?: ReadonlyMap<string, string>;
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
  omitted: Array<{ variable: string; reason: 'TEXT_WITHHELD' | 'KIND_NOT_EXPORTED' | 'BELOW_K' | 'EXTREMES_BELOW_K' }>;
  /** Coded variables with values recoded to SUPPRESSED_CODE: how many values, over how many rows. */
  localSuppression: Array<{ variable: string; values: number; rows: number }>;
  /** Number variables with their bottom and top codes. */
  numberCoding: Array<{ variable: string; low: number; high: number }>;
}

const WITHHELD: Record<Lang, string> = { fr: 'masqué (< k)', en: 'withheld (< k)' };
const SUPPRESSED: Record<Lang, string> = { fr: 'supprimé (< k)', en: 'suppressed (< k)' };
const NOT_RANKED: Record<Lang, string> = { fr: 'non classé', en: 'not ranked' };
const RANK: Record<Lang, (r: number) => string> = { fr: (r) => (r === 1 ? '1er' : `${r}e`), en: (r) => `${r}${r % 10 === 1 && r !== 11 ? 'st' : r % 10 === 2 && r !== 12 ? 'nd' : r % 10 === 3 && r !== 13 ? 'rd' : 'th'}` };
const ENCODED = new Set(['SINGLE_CHOICE', 'LIKERT', 'MULTIPLE_CHOICE', 'MATRIX', 'RANKING', 'NUMBER', 'TEXT']);
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

type Kept = { r: FileResponse; q: Released };

/**
 * Builds the table. `texts`: whether free-text answers may be released (the order asked for them
 * and the survey told its physicians); otherwise their variables are left out. Answer values are
 * locally suppressed (local-suppression.ts); a question answered in fewer than k rows is left out.
 */
export function respondentTable(questions: readonly FileQuestion[], responses: readonly FileResponse[], opts: { k: number; texts: boolean; lang: Lang }): RespondentTable {
  const { rung, released, suppressed } = generalise(responses.map((r) => r.segment), opts.k);
  const kept = responses.map((r, i) => ({ r, q: released[i] })).filter((x): x is Kept => x.q !== null);
  const table: Omit<RespondentTable, 'rows'> = { variables: [], rung, suppressed, omitted: [], localSuppression: [], numberCoding: [] };
  const columns: Cell[][] = [];
  const add = (variable: Variable, cells: Cell[]) => { table.variables.push(variable); columns.push(cells); };
  const parts = (['specialty', 'specialtyGroup', 'country', 'region', 'yearsBand'] as const).filter((p) => released.some((r) => r?.[p] !== undefined));
  for (const part of parts) {
    const domain = domainOf(part, opts.lang, new Set(kept.map((x) => x.q[part]!)));
    const code = new Map(domain.map((d, i) => [d.value, i + 1]));
    add({ name: QI_NAMES[part], label: QI_LABELS[part][opts.lang], type: 'numeric', values: domain.map((d, i) => ({ code: i + 1, label: d.label })) }, kept.map((x) => code.get(x.q[part]!) ?? null));
  }
  const addCoded = (variable: Variable, cells: Array<number | null>) => {
    const pooled = codesToSuppress(cells, opts.k);
    if (pooled.size > 0) {
      variable.values = [...(variable.values ?? []), { code: SUPPRESSED_CODE, label: SUPPRESSED[opts.lang] }];
      table.localSuppression.push({ variable: variable.name, values: pooled.size, rows: cells.filter((c) => c !== null && pooled.has(c)).length });
    }
    add(variable, cells.map((c) => (c !== null && pooled.has(c) ? SUPPRESSED_CODE : c)));
  };
  questions.forEach((question, qi) => {
    const name = `q${qi + 1}`;
    const answers = kept.map((x) => x.r.answers.get(question.id));
    if (!ENCODED.has(question.kind)) { table.omitted.push({ variable: name, reason: 'KIND_NOT_EXPORTED' }); return; }
    if (question.kind === 'TEXT' && !opts.texts) { table.omitted.push({ variable: name, reason: 'TEXT_WITHHELD' }); return; }
    if (answers.filter(Boolean).length < opts.k) { table.omitted.push({ variable: name, reason: 'BELOW_K' }); return; }
    const options = question.choices.filter((c) => c.role !== 'ITEM');
    const coded = options.map((c, i) => ({ code: i + 1, label: c.label }));
    switch (question.kind) {
      case 'SINGLE_CHOICE':
      case 'LIKERT': {
        const codeOf = new Map(options.map((c, i) => [c.id, i + 1]));
        addCoded({ name, label: question.prompt, type: 'numeric', values: coded }, answers.map((a) => (a ? (codeOf.get(a.choiceIds[0] ?? '') ?? null) : null)));
        break;
      }
      case 'MULTIPLE_CHOICE':
        options.forEach((c, ci) => {
          const values = [{ code: 0, label: opts.lang === 'fr' ? 'non coché' : 'not chosen' }, { code: 1, label: opts.lang === 'fr' ? 'coché' : 'chosen' }];
          addCoded({ name: `${name}_${ci + 1}`, label: `${question.prompt} — ${c.label}`, type: 'numeric', values }, answers.map((a) => (a ? (a.choiceIds.includes(c.id) ? 1 : 0) : null)));
        });
        break;
      case 'MATRIX': {
        const codeOf = new Map(options.map((c, i) => [c.id, i + 1]));
        question.choices.filter((c) => c.role === 'ITEM').forEach((item, ii) => {
          addCoded({ name: `${name}_${ii + 1}`, label: `${question.prompt} — ${item.label}`, type: 'numeric', values: coded }, answers.map((a) => (a ? (codeOf.get(a.items?.get(item.id) ?? '') ?? null) : null)));
        });
        break;
      }
      case 'RANKING': {
        const ranked = Math.min(question.rankTop ?? options.length, options.length);
        const values = Array.from({ length: ranked }, (_, r) => ({ code: r + 1, label: RANK[opts.lang](r + 1) }));
        if (ranked < options.length) values.push({ code: ranked + 1, label: NOT_RANKED[opts.lang] });
        options.forEach((c, ci) => {
          addCoded({ name: `${name}_${ci + 1}`, label: `${question.prompt} — ${c.label}`, type: 'numeric', values }, answers.map((a) => (a ? (a.choiceIds.indexOf(c.id) + 1 || ranked + 1) : null)));
        });
        break;
      }
      case 'NUMBER': {
        const bounds = numberBounds(answers.flatMap((a) => (a?.number == null ? [] : [a.number])), opts.k);
        if (!bounds) { table.omitted.push({ variable: name, reason: 'EXTREMES_BELOW_K' }); break; }
        table.numberCoding.push({ variable: name, ...bounds });
        add({ name, label: question.prompt, type: 'numeric' }, answers.map((a) => (a?.number == null ? null : Math.min(Math.max(a.number, bounds.low), bounds.high))));
        break;
      }
      case 'TEXT':
        add({ name, label: question.prompt, type: 'string' }, answers.map((a) => (a?.text ? safeText(a.text.replace(/[\r\n]+/g, ' ')) : null)));
        break;
    }
  });
  const rows = shuffle(kept.map((_, i) => columns.map((column) => column[i]!)));
  return { ...table, rows };
}
