/**
 * SQL expressions that write JSON text exactly as the API's response would hold it
 * (JSON.stringify of graphql-js' result): no spaces, keys in the selection's order, dates as
 * `Date.toISOString()`, cursors as `encodeCursor` writes them. PostgreSQL's json type cannot be
 * used as is: json_build_object and json_agg put spaces and newlines between items.
 */
import { raw, join, sql, type Sql } from './sql.ts';

/** A constant SQL string literal. */
export const lit = (text: string): Sql => raw(`'${text.replaceAll("'", "''")}'`);

/** A non-null scalar as JSON text (PostgreSQL escapes strings as JSON.stringify does). */
export const json = (value: Sql): Sql => sql`to_json(${value})::text`;

/** A nullable scalar as JSON text. */
export const jsonOrNull = (value: Sql): Sql => sql`COALESCE(to_json(${value})::text, 'null')`;

/** A timestamp(3) as `toISOString()` writes it (UTC, milliseconds, "Z"), unquoted. */
export const isoText = (column: Sql): Sql => sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const isoJson = (column: Sql): Sql => sql`('"' || ${isoText(column)} || '"')`;
export const isoJsonOrNull = (column: Sql): Sql => sql`COALESCE('"' || ${isoText(column)} || '"', 'null')`;

/** Buffer.from(text).toString('base64url'): no padding, no line breaks. */
const base64url = (text: Sql): Sql => sql`rtrim(translate(encode(convert_to(${text}, 'UTF8'), 'base64'), E'+/\\n', '-_'), '=')`;

/** encodeCursor(date, id) as a JSON string. */
export const instantCursor = (at: Sql, id: Sql): Sql => sql`('"' || ${base64url(sql`'["' || ${isoText(at)} || '","' || ${id}::text || '"]'`)} || '"')`;

/**
 * A real (a search rank) as JavaScript prints the number PostgreSQL's JSON gave it: PostgreSQL
 * writes 1.23e-05 where JavaScript writes 0.0000123, and 1e-07 where it writes 1e-7.
 */
const jsNumber = (real: Sql): Sql => sql`(SELECT CASE WHEN x.s !~ 'e' THEN x.s WHEN x.s ~ 'e-0?[56]$' THEN x.s::numeric::text
    ELSE regexp_replace(regexp_replace(x.s, 'e([-+])0*', 'e\\1'), 'e\\+', 'e+') END FROM (SELECT (${real})::text AS s) x)`;

/** encodeCursor(rank, id) as a JSON string. */
export const rankCursor = (rank: Sql, id: Sql): Sql => sql`('"' || ${base64url(sql`'[' || ${jsNumber(rank)} || ',"' || ${id}::text || '"]'`)} || '"')`;

/** A JSON object from [key, JSON text] pairs, in order. */
export function object(entries: Array<[string, Sql]>): Sql {
  if (entries.length === 0) return lit('{}');
  const parts = entries.map(([key, value], i) => sql`${lit(`${i === 0 ? '{' : ','}${JSON.stringify(key)}:`)} || ${value}`);
  return sql`(${join(parts, ' || ')} || '}')`;
}

/** A JSON array of `element` over `from` (a FROM clause), in `order`. */
export const array = (element: Sql, from: Sql, order: Sql): Sql =>
  sql`(SELECT '[' || COALESCE(string_agg(${element}, ',' ORDER BY ${order}), '') || ']' FROM ${from})`;

// The regular expressions of rules.ts's `excerpt`, in PostgreSQL's syntax. JavaScript's \s is
// spelled out: PostgreSQL's depends on the locale.
const JS_SPACE = '[\\t\\n\\u000b\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]+';
const ASTRAL = '[\\U00010000-\\U0010FFFF]';

/** UTF-16 length (JavaScript's `length`) of a text. */
const u16 = (text: Sql): Sql => sql`(length(${text}) + length(regexp_replace(${text}, ${lit(`[^${ASTRAL.slice(1)}`)}, '', 'g')))`;

/**
 * rules.ts's `excerpt(body, length)` as JSON text: the same replacements, and the same cut in
 * UTF-16 units, down to a lone high surrogate (JSON.stringify writes it "\udXXX") when the cut
 * falls inside an astral character.
 */
export function excerptJson(body: Sql, length: number): Sql {
  const cleaned = sql`btrim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(${body},
      '\`\`\`.*?\`\`\`', ' ', 'g'), '!\\[[^]]*\\]\\([^)]*\\)', ' ', 'g'), '\\[([^]]*)\\]\\([^)]*\\)', '\\1', 'g'), '<[^>]*>', ' ', 'g'),
      '[*_~\`#>|]+', '', 'g'), ${lit(JS_SPACE)}, ' ', 'g'), ' ')`;
  const s = sql`e.s`;
  const cut = length - 1;
  // The longest prefix (in characters) of at most `cut` UTF-16 units.
  const k = sql`(SELECT max(k) FROM generate_series(0, ${raw(String(cut))}) k WHERE ${u16(sql`left(${s}, k)`)} <= ${raw(String(cut))})`;
  return sql`(SELECT CASE
      WHEN ${u16(s)} <= ${raw(String(length))} THEN to_json(${s})::text
      WHEN length(${s}) = ${u16(s)} THEN to_json(rtrim(left(${s}, ${raw(String(cut))}), ' ') || '…')::text
      ELSE (SELECT CASE
        WHEN ${u16(sql`left(${s}, c.k)`)} = ${raw(String(cut - 1))} AND substr(${s}, c.k + 1, 1) ~ ${lit(ASTRAL)}
          THEN left(to_json(left(${s}, c.k))::text, -1) || '\\u' || to_hex(55296 + ((ascii(substr(${s}, c.k + 1, 1)) - 65536) >> 10)) || '…"'
        ELSE to_json(rtrim(left(${s}, c.k), ' ') || '…')::text END
        FROM (SELECT ${k} AS k) c)
    END FROM (SELECT ${cleaned} AS s) e)`;
}
