/**
 * Applying migrations from code (dev scripts, tests, deploys). Each function runs the stock
 * Prisma CLI in a child process — the schema engine behind it is engine/schema-engine.mjs, see
 * ../README.md — and turns a failure into one Error that says which database failed and, when
 * the server is down, how to start it.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** The package directory: prisma.config.ts, schema.prisma and migrations/ live there. */
export const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const START_POSTGRES_HINT = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';

export interface PrismaRunOptions {
  /** Another prisma.config.ts (tests point one at a copy of the migrations). Default: the package's. */
  config?: string;
  /** Kill the CLI after this long. Default: 2 minutes. */
  timeoutMs?: number;
}

export interface PrismaResult {
  code: number;
  /** stdout and stderr, interleaved as they arrived, without colours. */
  output: string;
}

/** The URL with its password replaced by `***`, safe to print in messages and logs. */
export function maskUrl(url: string): string {
  // A Redis Cluster's seed list (`redis+cluster://user:pw@a:1,b:2`) is no WHATWG URL.
  if (url.includes('+cluster://')) return url.replace(/^([a-z+]+:\/\/[^:@/]*):[^@/]*@/, '$1:***@');
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an unparseable URL)';
  }
}

function passwordOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

function prismaBin(): string {
  const require = createRequire(path.join(packageDir, 'package.json'));
  const manifest = require.resolve('prisma/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: { prisma: string } };
  return path.join(path.dirname(manifest), bin.prisma);
}

/** Runs `prisma <args>` against `url` (as DATABASE_URL) and returns its exit code and output. */
export function runPrisma(url: string, args: string[], options: PrismaRunOptions = {}): Promise<PrismaResult> {
  const configArgs = options.config ? ['--config', options.config] : [];
  const child = spawn(process.execPath, [prismaBin(), ...args, ...configArgs], {
    cwd: packageDir,
    env: {
      ...process.env,
      DATABASE_URL: url,
      // No network calls: only the npm registry is reachable here, and in hospitals often nothing.
      CHECKPOINT_DISABLE: '1',
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => {
    output += `\nError: prisma ${args.join(' ')} did not finish within ${(options.timeoutMs ?? 120_000) / 1000}s and was stopped.`;
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 120_000);
  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      // eslint-disable-next-line no-control-regex
      resolve({ code: code ?? 1, output: output.replace(/\x1b\[[0-9;]*m/g, '') });
    });
  });
}

function isUnreachable(text: string): boolean {
  return /P1001|ECONNREFUSED|Can't reach database server/.test(text);
}

/** The part of the CLI's output that explains the failure: from its `Error:` line on. */
function explain(output: string): string {
  const lines = output.trim().split('\n');
  const start = lines.findIndex((line) => /^Error\b/.test(line));
  return (start >= 0 ? lines.slice(start) : lines.slice(-15)).join('\n').trim();
}

/** Prisma's explanation condensed to one line: the code and what went wrong. */
function summarize(explanation: string): string {
  const text = explanation
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n')
    .replace(/^Error:\s*/, '');
  // P3018, a migration's SQL failed: which migration, and the database's error.
  const failed = /Migration name: (.+)\n[\s\S]*?Database error:\n(.+)/.exec(text);
  if (failed) return `P3018: migration ${failed[1]} failed: ${failed[2]}`;
  const [first = 'unknown error', second] = text.split('\n');
  return /^P\d{4}$/.test(first) && second ? `${first}: ${second}` : first;
}

/** A one-line message naming the (masked) database and the cause; Prisma's full explanation is in `detail`. */
export class MigrationError extends Error {
  override name = 'MigrationError';
  constructor(
    message: string,
    /** Prisma's own explanation, several lines, password masked. */
    readonly detail: string,
  ) {
    super(message);
  }
}

export function migrationError(action: string, url: string, explanation: string): MigrationError {
  const password = passwordOf(url);
  const detail = password ? explanation.replaceAll(password, '***') : explanation;
  let message = `${action} ${maskUrl(url)} failed: ${summarize(detail)}`;
  if (isUnreachable(detail)) {
    message += ` — is PostgreSQL running? Start it with: ${START_POSTGRES_HINT}`;
  }
  return new MigrationError(message, detail);
}

/**
 * Creates the database if it does not exist and applies every pending migration
 * (`prisma migrate deploy`). Each migration runs as one transaction; a failing one leaves
 * nothing of itself behind and is recorded as failed in `_prisma_migrations`.
 */
export async function migrateDeploy(url: string, options: PrismaRunOptions = {}): Promise<void> {
  const { code, output } = await runPrisma(url, ['migrate', 'deploy'], options);
  if (code !== 0) throw migrationError('Migrating database', url, explain(output));
}

/** Drops the database (closing other sessions), recreates it and applies all migrations. No seed. */
export async function resetDatabase(url: string, options: PrismaRunOptions = {}): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name || name === 'postgres' || name.startsWith('template')) {
    throw migrationError('Resetting database', url, `Refusing to drop the maintenance database "${name || 'postgres'}".`);
  }
  // DROP DATABASE cannot run inside the database itself: connect to the maintenance database.
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  try {
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`);
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    const text = message || code || String(error);
    throw migrationError('Resetting database', url, `Error: ${text}${code && !text.includes(code) ? ` (${code})` : ''}`);
  } finally {
    await client.end().catch(() => {});
  }
  // `migrate deploy` recreates the missing database, then applies the migrations.
  await migrateDeploy(url, options).catch((error: MigrationError) => {
    throw new MigrationError(error.message.replace(/^Migrating database/, 'Resetting database'), error.detail);
  });
}

export interface DriftResult {
  ok: boolean;
  /** Prisma's summary: "No difference detected." or the list of differences. */
  output: string;
}

/**
 * Compares what the migrations build (replayed into a temporary shadow database, which needs
 * CREATEDB on the server of `url`) with schema.prisma. Passes only on exit 0 *and* Prisma's
 * "No difference detected": a silent engine failure must not read as "no drift".
 */
export async function checkDrift(
  url: string,
  options: PrismaRunOptions & { migrations?: string; schema?: string } = {},
): Promise<DriftResult> {
  const migrations = options.migrations ?? path.join(packageDir, 'migrations');
  const schema = options.schema ?? path.join(packageDir, 'schema.prisma');
  const { code, output } = await runPrisma(
    url,
    ['migrate', 'diff', '--from-migrations', migrations, '--to-schema', schema, '--exit-code'],
    options,
  );
  const ok = code === 0 && output.includes('No difference detected');
  if (!ok && code !== 2 && code !== 0) throw migrationError('Checking drift with database', url, explain(output));
  const summary = output
    .split('\n')
    .filter((line) => !/^(Loaded Prisma config|Prisma schema loaded)/.test(line))
    .join('\n')
    .trim();
  return { ok, output: summary };
}
