/** The date an extract was published, as 'YYYY-MM-DD'. */
import { stat } from 'node:fs/promises';
import path from 'node:path';

/** A real calendar date in 'YYYY-MM-DD' form, or null. */
export function isoDate(year: string, month: string, day: string): string | null {
  const iso = `${year}-${month}-${day}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : null;
}

/**
 * The last date in a file name: RPPS stamps `_202611230000` (YYYYMMDDhhmm), NPPES names a
 * period `20050523-20261012` whose end is the extract date, others write `2026-11-23`.
 */
export function extractDateFromName(file: string): string | null {
  const name = path.basename(file);
  const pattern = /(?<!\d)(?:(\d{4})-(\d{2})-(\d{2})|(\d{4})(\d{2})(\d{2})(?:\d{4})?)(?!\d)/g;
  let found: string | null = null;
  for (const m of name.matchAll(pattern)) {
    const date = m[1] ? isoDate(m[1], m[2]!, m[3]!) : isoDate(m[4]!, m[5]!, m[6]!);
    if (date) found = date;
  }
  return found;
}

/** From the name if it has a date, else the file's modification day (UTC); null if unreadable. */
export async function defaultExtractDate(file: string): Promise<string | null> {
  const fromName = extractDateFromName(file);
  if (fromName) return fromName;
  const info = await stat(file).catch(() => null);
  return info ? info.mtime.toISOString().slice(0, 10) : null;
}
