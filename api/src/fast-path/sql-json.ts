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
