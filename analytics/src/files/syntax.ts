/**
 * The respondent-level file as delivered: a CSV (UTF-8, comma, header row of variable names,
 * empty = not answered) and three syntax files that read it and label its variables and values —
 * SPSS/PSPP (.sps), Stata (.do) and R (.R) — plus a README stating the generalisation applied.
 */
import type { Cell, RespondentTable, Variable } from './respondents.ts';
import { RUNGS } from './generalise.ts';
import { SUPPRESSED_CODE } from './local-suppression.ts';

export const CSV_NAME = 'respondents.csv';

const oneLine = (s: string) => s.replace(/[\r\n\t]+/g, ' ').trim();

function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(table: RespondentTable): string {
  const lines = [table.variables.map((v) => v.name).join(',')];
  for (const row of table.rows) lines.push(row.map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}

/** The widest text of a string variable, in bytes (SPSS widths are bytes). */
function widthOf(table: RespondentTable, index: number): number {
  let width = 1;
  for (const row of table.rows) {
    const v = row[index];
    if (typeof v === 'string') width = Math.max(width, Buffer.byteLength(v));
  }
  return Math.min(width, 32767);
}

const spssQuote = (s: string, max = 250) => `'${oneLine(s).slice(0, max).replace(/'/g, "''")}'`;

export function toSps(table: RespondentTable): string {
  const declared = table.variables.map((v, i) => `  ${v.name} ${v.type === 'string' ? `A${widthOf(table, i)}` : v.values ? 'F8.0' : 'F12.3'}`);
  const out = [
    '* Encoding: UTF-8.',
    `* Respondent-level file: ${table.rows.length} rows; ${RUNGS[table.rung]!.describe}. Run from the folder holding ${CSV_NAME}.`,
    `GET DATA /TYPE=TXT /FILE='${CSV_NAME}' /ENCODING='UTF8' /ARRANGEMENT=DELIMITED /DELCASE=LINE /FIRSTCASE=2 /DELIMITERS=',' /QUALIFIER='"'`,
    '  /VARIABLES=',
    ...declared,
    '.',
    'VARIABLE LABELS',
    table.variables.map((v) => `  ${v.name} ${spssQuote(v.label)}`).join('\n  /'),
    '.',
  ];
  const coded = table.variables.filter((v) => v.values);
  if (coded.length > 0) {
    out.push('VALUE LABELS');
    out.push(coded.map((v) => `  ${v.name}\n${v.values!.map((x) => `    ${x.code} ${spssQuote(x.label, 120)}`).join('\n')}`).join('\n  /'));
    out.push('.');
  }
  const suppressed = coded.filter((v) => v.values!.some((x) => x.code === SUPPRESSED_CODE)).map((v) => v.name);
  if (suppressed.length > 0) out.push(`MISSING VALUES ${suppressed.join(' ')} (${SUPPRESSED_CODE}).`);
  out.push('EXECUTE.', '');
  return out.join('\n');
}

/** Stata's compound double quotes take any text but a closing `"'`. */
const stataQuote = (s: string, max: number) => `\`"${oneLine(s).slice(0, max).replace(/"'/g, '" \'')}"'`;

export function toDo(table: RespondentTable): string {
  const out = [
    `* Respondent-level file: ${table.rows.length} rows; ${RUNGS[table.rung]!.describe}. Run from the folder holding ${CSV_NAME}.`,
    `import delimited using "${CSV_NAME}", varnames(1) encoding("utf-8") bindquote(strict) stringcols(${stringCols(table)}) clear`,
  ];
  for (const v of table.variables) out.push(`label variable ${v.name} ${stataQuote(v.label, 80)}`);
  for (const v of table.variables.filter((x) => x.values)) {
    out.push(`label define ${v.name}_lbl ${v.values!.map((x) => `${x.code} ${stataQuote(x.label, 120)}`).join(' ')}, replace`);
    out.push(`label values ${v.name} ${v.name}_lbl`);
  }
  out.push('');
  return out.join('\n');
}

function stringCols(table: RespondentTable): string {
  const cols = table.variables.map((v, i) => (v.type === 'string' ? i + 1 : 0)).filter((i) => i > 0);
  return cols.length > 0 ? cols.join(' ') : '_none';
}

const rString = (s: string) => JSON.stringify(oneLine(s));

export function toR(table: RespondentTable): string {
  const out = [
    `# Respondent-level file: ${table.rows.length} rows; ${RUNGS[table.rung]!.describe}. Run from the folder holding ${CSV_NAME}.`,
    `d <- read.csv(${rString(CSV_NAME)}, encoding = "UTF-8", fileEncoding = "UTF-8", stringsAsFactors = FALSE, na.strings = "")`,
  ];
  for (const v of table.variables) {
    if (v.values) out.push(`d$${v.name} <- factor(d$${v.name}, levels = c(${v.values.map((x) => x.code).join(', ')}), labels = c(${v.values.map((x) => rString(x.label)).join(', ')}))`);
    out.push(`attr(d$${v.name}, "label") <- ${rString(v.label)}`);
  }
  out.push('');
  return out.join('\n');
}

export function readme(table: RespondentTable, k: number, lang: 'fr' | 'en'): string {
  const omittedText = table.omitted.filter((o) => o.reason === 'TEXT_WITHHELD').map((o) => o.variable);
  const omittedKind = table.omitted.filter((o) => o.reason === 'KIND_NOT_EXPORTED').map((o) => o.variable);
  const few = table.omitted.filter((o) => o.reason === 'BELOW_K' || o.reason === 'EXTREMES_BELOW_K').map((o) => o.variable);
  const v = (list: Variable[]) => list.map((x) => `${x.name}\t${oneLine(x.label)}`).join('\n');
  const recoded = (fr: boolean) => table.localSuppression.map((x) => `${x.variable} (${x.values} ${fr ? 'valeur(s)' : 'value(s)'}, ${x.rows} ${fr ? 'ligne(s)' : 'row(s)'})`).join(', ');
  const clamped = table.numberCoding.map((x) => `${x.variable} [${x.low}, ${x.high}]`).join(', ');
  if (lang === 'fr') {
    return [
      'Fichier individuel des répondants', '',
      `${table.rows.length} lignes, une par réponse, dans un ordre tiré au hasard. Aucun identifiant de réponse, aucune date, aucune identité.`,
      `Segment généralisé jusqu’à ce que chaque combinaison (${RUNGS[table.rung]!.describe}) concerne au moins k = ${k} lignes (palier ${table.rung} sur ${RUNGS.length - 1}).`,
      `Lignes retirées car leur combinaison restait sous k : ${table.suppressed}.`,
      omittedText.length ? `Réponses libres non fournies : ${omittedText.join(', ')}.` : '',
      omittedKind.length ? `Questions d’un type non exporté : ${omittedKind.join(', ')}.` : '',
      few.length ? `Questions retirées, trop peu de réponses pour k : ${few.join(', ')}.` : '',
      `Suppression locale : une valeur (choix, niveau d’un item, rang) tenue par moins de k lignes est recodée ${SUPPRESSED_CODE} « supprimé (< k) », avec les valeurs les moins tenues jusqu’à ce que le code ${SUPPRESSED_CODE} tienne au moins k lignes. ${recoded(true) || 'Aucune valeur supprimée.'}`,
      clamped ? `Nombres : les valeurs sous la k-ième plus petite prennent celle-ci, celles au-dessus de la k-ième plus grande aussi : ${clamped}.` : '',
      'Une cellule vide : question non posée (logique) ou sans réponse.', '',
      'Fichiers : respondents.csv, respondents.sps (SPSS, PSPP), respondents.do (Stata), respondents.R (R).', '',
      'Variables :', v(table.variables), '',
    ].join('\n');
  }
  return [
    'Respondent-level file', '',
    `${table.rows.length} rows, one per response, in random order. No response id, no date, no identity.`,
    `Segment generalised until every combination (${RUNGS[table.rung]!.describe}) is held by at least k = ${k} rows (rung ${table.rung} of ${RUNGS.length - 1}).`,
    `Rows left out because their combination stayed below k: ${table.suppressed}.`,
    omittedText.length ? `Free-text answers not supplied: ${omittedText.join(', ')}.` : '',
    omittedKind.length ? `Questions of a kind not exported: ${omittedKind.join(', ')}.` : '',
    few.length ? `Questions left out, too few answers for k: ${few.join(', ')}.` : '',
    `Local suppression: a value (choice, item level, rank) held by fewer than k rows is recoded ${SUPPRESSED_CODE} "suppressed (< k)", with the least held values until code ${SUPPRESSED_CODE} holds at least k rows. ${recoded(false) || 'No value suppressed.'}`,
    clamped ? `Numbers: values below the k-th smallest take it, values above the k-th largest take that: ${clamped}.` : '',
    'An empty cell: the question was not shown (logic) or not answered.', '',
    'Files: respondents.csv, respondents.sps (SPSS, PSPP), respondents.do (Stata), respondents.R (R).', '',
    'Variables:', v(table.variables), '',
  ].join('\n');
}
