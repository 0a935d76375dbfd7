#!/usr/bin/env node
/**
 * `pnpm backup:dump DIR [--keep-days N]` and `pnpm backup:restore FILE` (docs/operations.md).
 *
 * dump: `pg_dump --format=custom` of DATABASE_URL into DIR/consilium-<UTC time>.dump, written
 * under a temporary name and renamed once pg_restore has read its table of contents (a dump cut
 * short by a full disk or a killed job never looks like a good one), then dumps older than
 * --keep-days (default 14) are deleted. Run it daily from cron or a systemd timer.
 *
 * restore: `pg_restore` of such a dump into DATABASE_URL's database, created if it does not
 * exist and refused if it has tables (a restore never merges into live data), in one
 * transaction: it is all there or not at all.
 *
 * The programs are Debian's (/usr/lib/postgresql/<major>/bin, newest major; PG_BIN overrides):
 * pg_dump must be at least the server's major version. They are run without a shell; the
 * database's password goes to them in PGPASSWORD, never on their command line, and nothing
 * prints the URL.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify, parseArgs } from 'node:util';

const run = promisify(execFile);
const DEBIAN_ROOT = '/usr/lib/postgresql';
const DUMP_NAME = /^consilium-\d{8}T\d{6}Z\.dump$/;

/** A PostgreSQL program: PG_BIN's, else the newest Debian major's. */
export function pgProgram(name, pgBin = process.env.PG_BIN) {
  if (pgBin) return path.join(pgBin, name);
  const majors = existsSync(DEBIAN_ROOT) ? readdirSync(DEBIAN_ROOT).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  const found = majors.map((major) => path.join(DEBIAN_ROOT, major, 'bin', name)).find((p) => existsSync(p));
  if (!found) throw new Error(`${name} not found under ${DEBIAN_ROOT}/*/bin (apt-get install -y postgresql-client, or set PG_BIN)`);
  return found;
}

/**
 * The URL without its password, for the command line, and the password in PGPASSWORD: a
 * program's arguments are shown by `ps` to every user of the machine, its environment is not.
 */
function connection(databaseUrl) {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { dbname: `--dbname=${url}`, options: { env: { ...process.env, ...(password && { PGPASSWORD: password }) }, maxBuffer: 64 * 1024 * 1024 } };
}

/** Dumps `databaseUrl` into `dir`; returns the dump's path. */
export async function dump(databaseUrl, dir, keepDays = 14, now = new Date()) {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const file = path.join(dir, `consilium-${stamp}.dump`);
  const partial = `${file}.partial`;
  try {
    const { dbname, options } = connection(databaseUrl);
    await run(pgProgram('pg_dump'), ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, dbname], options);
    // A truncated archive fails here, before it replaces anything.
    await run(pgProgram('pg_restore'), ['--list', partial], { maxBuffer: 64 * 1024 * 1024 });
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  const cutoff = now.getTime() - keepDays * 86_400_000;
  for (const name of await readdir(dir)) {
    if (!DUMP_NAME.test(name) || path.join(dir, name) === file) continue;
    if ((await stat(path.join(dir, name))).mtimeMs < cutoff) await rm(path.join(dir, name));
  }
  return file;
}

/** Restores a custom-format dump into `databaseUrl`'s database (created if missing, refused if it has tables). */
export async function restore(file, databaseUrl) {
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.slice(1));
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const psql = (url, sql) => {
    const { dbname, options } = connection(url);
    return run(pgProgram('psql'), ['--no-psqlrc', '--tuples-only', '--no-align', '--set=ON_ERROR_STOP=1', dbname, '--command', sql], options);
  };
  const exists = (await psql(maintenance.toString(), `SELECT 1 FROM pg_database WHERE datname = '${name.replace(/'/g, "''")}'`)).stdout.trim() === '1';
  if (!exists) await psql(maintenance.toString(), `CREATE DATABASE "${name.replace(/"/g, '""')}" TEMPLATE template0 ENCODING 'UTF8'`);
  const tables = Number((await psql(databaseUrl, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).stdout.trim());
  if (tables > 0) throw new Error(`the database ${name} already has ${tables} tables: restore into a new, empty database`);
  const { dbname, options } = connection(databaseUrl);
  await run(pgProgram('pg_restore'), ['--exit-on-error', '--single-transaction', '--no-owner', '--no-privileges', dbname, file], options);
}

async function main(argv) {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { 'keep-days': { type: 'string' } } });
  const databaseUrl = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/consilium';
  if (command === 'dump' && positionals.length === 1) {
    const keepDays = values['keep-days'] === undefined ? 14 : Number(values['keep-days']);
    if (!Number.isInteger(keepDays) || keepDays < 1) throw new Error('--keep-days must be a whole number of days, at least 1');
    const file = await dump(databaseUrl, path.resolve(positionals[0]), keepDays);
    console.log(`dump written: ${file} (${(await stat(file)).size} bytes)`);
    return 0;
  }
  if (command === 'restore' && positionals.length === 1) {
    await restore(path.resolve(positionals[0]), databaseUrl);
    console.log(`restored into the database of DATABASE_URL: run pnpm db:migrate to apply migrations newer than the dump`);
    return 0;
  }
  console.error('Usage: node scripts/backup.mjs dump DIR [--keep-days N] | restore FILE   (DATABASE_URL names the database)');
  return 2;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    // execFile's error message holds the command line, with the database URL: print stderr only.
    (error) => {
      console.error(`error: ${(error.stderr || error.message).toString().trim()}`);
      process.exit(1);
    },
  );
}
