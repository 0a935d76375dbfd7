/**
 * Imports a registry extract. The file is streamed (never held in memory) through its format's
 * parser into COPY … FROM STDIN, under a new LOADING import; one transaction then makes it the
 * registry's ACTIVE import and the previous one SUPERSEDED, so matching reads the old extract or
 * the new one, never half of either. A failure leaves the previous ACTIVE import untouched.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { COPY_ENTRIES_SQL, type RowCounts } from './copy-rows.ts';
import { defaultExtractDate } from './extract-date.ts';
import { describeImportError } from './import-errors.ts';
import { npiToCopy } from './npi-format.ts';
import { RppsToCopy } from './rpps-format.ts';
import { queueRegistryChanges } from './reverify.ts';
import type { ReverifyReason } from '@consilium/jobs/reverification';

export const IMPORTABLE_REGISTRIES = ['RPPS', 'NPI'] as const;
export type ImportableRegistry = (typeof IMPORTABLE_REGISTRIES)[number];

export interface ImportOptions {
  registry: ImportableRegistry;
  file: string;
  /** 'YYYY-MM-DD'; by default from the file name, else the file's modification day. */
  extractDate?: string | null;
  /** Called about once a second while rows are read, then once when all are read. */
  onProgress?: (progress: ImportProgress) => void;
  /** Aborting fails the import cleanly (the previous one stays ACTIVE). */
  signal?: AbortSignal;
}

export interface ImportProgress extends RowCounts {
  seconds: number;
  /** The whole file is read; PostgreSQL is finishing the load (constraint checks, index). */
  allRead: boolean;
}

type Reverify = { id: string; reason: ReverifyReason };

export interface ImportResult extends RowCounts {
  importId: string;
  /** Verified credentials this extract no longer lists, or lists with another specialty: now in the re-verification queue. */
  reverify: Reverify[];
  extractDate: string | null;
  seconds: number;
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  // A dropped connection also fails the statement in flight, which is where it gets reported.
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** The advisory lock a loader holds on its import for as long as its connection lives. */
const LOADER_LOCK = 4242101;

async function createImport(client: pg.Client, registry: string, file: string, extractDate: string | null): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    'INSERT INTO registry_import (registry, file_name, extract_date) VALUES ($1, $2, $3) RETURNING id',
    [registry, path.basename(file).slice(0, 300), extractDate],
  );
  const importId = rows[0]!.id;
  // Session-level: released when this connection ends, however the process ends.
  await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [LOADER_LOCK, importId]);
  return importId;
}

/**
 * An import whose loader died without a word (`kill -9`, a lost machine) stays LOADING. A live
 * loader holds its import's lock; when the lock can be taken, nobody is loading it any more: it
 * becomes FAILED, and its rows go with the next purge. Returns how many were found.
 */
export async function failAbandonedImports(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ id: string }>(`SELECT id FROM registry_import WHERE status = 'LOADING'`);
  let failed = 0;
  for (const { id } of rows) {
    const { rows: [lock] } = await client.query<{ free: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS free', [LOADER_LOCK, id]);
    if (!lock?.free) continue;
    try {
      const { rowCount } = await client.query(
        `UPDATE registry_import SET status = 'FAILED', rows = 0, finished_at = now() WHERE id = $1 AND status = 'LOADING'`,
        [id],
      );
      failed += rowCount ?? 0;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOADER_LOCK, id]);
    }
  }
  return failed;
}

interface Progress {
  allRead(): void;
  stop(): void;
}

/** Reports once a second, and at the end of the file if anything was reported (short imports stay quiet). */
function startProgress(options: ImportOptions, counts: RowCounts, started: number): Progress {
  const { onProgress } = options;
  let reported = false;
  const report = (allRead: boolean) => {
    reported = true;
    onProgress?.({ ...counts, seconds: (performance.now() - started) / 1000, allRead });
  };
  const timer = onProgress ? setInterval(() => report(false), 1000) : null;
  const stop = () => {
    if (timer) clearInterval(timer);
  };
  return {
    allRead: () => {
      stop();
      if (reported) report(true);
    },
    stop,
  };
}

/** Streams the file into registry_entry; returns the rows PostgreSQL stored. */
async function load(client: pg.Client, importId: string, options: ImportOptions, counts: RowCounts, progress: Progress): Promise<number> {
  const copy = client.query(copyFrom(COPY_ENTRIES_SQL));
  const parsers = options.registry === 'RPPS' ? [new RppsToCopy(importId, counts)] : npiToCopy(importId, counts);
  parsers.at(-1)!.once('end', () => progress.allRead());
  const source = createReadStream(options.file);
  try {
    await pipeline([source, ...parsers, copy], options.signal ? { signal: options.signal } : {});
  } finally {
    progress.stop();
  }
  return copy.rowCount;
}

async function activate(client: pg.Client, registry: string, importId: string, rows: number): Promise<Reverify[]> {
  await client.query('BEGIN');
  try {
    // Without it, two imports of one registry finishing together could both supersede the same
    // ACTIVE import and both become ACTIVE.
    await client.query('SELECT pg_advisory_xact_lock(4242100, hashtext($1))', [registry]);
    await client.query(`UPDATE registry_import SET status = 'SUPERSEDED' WHERE registry = $1 AND status = 'ACTIVE'`, [registry]);
    const swapped = await client.query(
      `UPDATE registry_import SET status = 'ACTIVE', rows = $2, finished_at = now() WHERE id = $1 AND status = 'LOADING'`,
      [importId, rows],
    );
    if (swapped.rowCount !== 1) throw new Error('the import was no longer LOADING');
    // In the same transaction: the new extract is never ACTIVE with its changes unflagged.
    const queued = await queueRegistryChanges(client, registry, importId);
    await client.query('COMMIT');
    return queued;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

/**
 * Marks the import FAILED and drops its rows, on a connection of its own since the failure may
 * have been the loader's connection. Best effort: the caller reports the original error.
 */
async function abandon(url: string, importId: string): Promise<void> {
  const client = await connect(url).catch(() => null);
  if (!client) return;
  try {
    await client.query(
      `WITH failed AS (UPDATE registry_import SET status = 'FAILED', rows = 0, finished_at = now()
                       WHERE id = $1 AND status = 'LOADING' RETURNING id)
       DELETE FROM registry_entry WHERE import_id IN (SELECT id FROM failed)`,
      [importId],
    );
  } catch {
    // Nothing more to do: the row stays LOADING, which matching never reads.
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Entries of superseded (and failed) imports go; the import rows stay, because credentials
 * record which import they were matched against.
 */
async function purgeInactive(client: pg.Client, registry: string): Promise<void> {
  await client.query(
    `DELETE FROM registry_entry WHERE import_id IN
       (SELECT id FROM registry_import WHERE registry = $1 AND status IN ('SUPERSEDED', 'FAILED'))`,
    [registry],
  );
  // Statistics for the new rows now rather than whenever autovacuum comes by.
  await client.query('ANALYZE registry_entry');
}

/** Imports `options.file` as the new ACTIVE extract of its registry; throws one readable line. */
export async function importRegistryFile(databaseUrl: string, options: ImportOptions): Promise<ImportResult> {
  const started = performance.now();
  const client = await connect(databaseUrl).catch((err: Error) => {
    throw new Error(`cannot connect to the database: ${err.message}`);
  });
  try {
    const extractDate = options.extractDate ?? (await defaultExtractDate(options.file));
    await failAbandonedImports(client);
    const importId = await createImport(client, options.registry, options.file, extractDate);
    const counts: RowCounts = { read: 0, kept: 0, skipped: 0 };
    let reverify: Reverify[] = [];
    try {
      counts.kept = await load(client, importId, options, counts, startProgress(options, counts, started));
      reverify = await activate(client, options.registry, importId, counts.kept);
    } catch (err) {
      await abandon(databaseUrl, importId);
      throw new Error(`${options.registry} import failed (previous import kept): ${describeImportError(err, options.file)}`);
    }
    await purgeInactive(client, options.registry);
    return { importId, extractDate, ...counts, reverify, seconds: (performance.now() - started) / 1000 };
  } finally {
    await client.end().catch(() => {});
  }
}
