/** One readable line for whatever stopped an import: the file, its format, or the database. */
import path from 'node:path';
import { RegistryFileError } from './copy-rows.ts';

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
  EIO: 'input/output error',
};

interface Coded {
  code?: unknown;
  syscall?: unknown;
  severity?: unknown;
  where?: unknown;
}

export function describeImportError(err: unknown, file: string): string {
  if (!(err instanceof Error)) return String(err);
  const coded = err as Error & Coded;
  if (err instanceof RegistryFileError) return err.message;
  if (err.name === 'AbortError') return 'interrupted';
  // csv-parse errors (CSV_…) already name the line.
  if (typeof coded.code === 'string' && coded.code.startsWith('CSV_')) return err.message;
  if (typeof coded.syscall === 'string' && typeof coded.code === 'string') {
    return `cannot read ${path.resolve(file)}: ${FILE_ERRORS[coded.code] ?? coded.code}`;
  }
  if (typeof coded.severity === 'string') {
    const where = typeof coded.where === 'string' ? ` (${coded.where.split('\n')[0]})` : '';
    return `the database refused it: ${err.message}${where}`;
  }
  return err.message;
}
