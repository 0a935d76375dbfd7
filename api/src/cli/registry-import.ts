/** `pnpm cli registry:import --registry RPPS|NPI [--extract-date YYYY-MM-DD] FILE`. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isoDate } from '../domain/registry/extract-date.ts';
import { IMPORTABLE_REGISTRIES, importRegistryFile, type ImportableRegistry } from '../domain/registry/import.ts';
import { parseEnv } from '../env.ts';
import { createDb } from '@consilium/db';
import { createMailer, sendMailNow } from '@consilium/jobs/mail';
import { mailReverification, type ReverifyReason } from '@consilium/jobs/reverification';
import { pino } from 'pino';

const USAGE = 'usage: pnpm cli registry:import --registry RPPS|NPI [--extract-date YYYY-MM-DD] FILE';

interface ImportArgs {
  registry: ImportableRegistry;
  file: string;
  extractDate: string | null;
}

function parse(args: string[]): ImportArgs | string {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { registry: { type: 'string' }, 'extract-date': { type: 'string' } } });
  } catch (err) {
    return (err as Error).message;
  }
  const { values, positionals } = parsed;
  const registry = IMPORTABLE_REGISTRIES.find((r) => r === values.registry);
  if (!registry) return '--registry must be RPPS or NPI';
  if (positionals.length !== 1) return 'give exactly one FILE';
  const given = values['extract-date'];
  const parts = given ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(given) : null;
  const extractDate = parts ? isoDate(parts[1]!, parts[2]!, parts[3]!) : null;
  if (given && !extractDate) return '--extract-date must be a date written YYYY-MM-DD';
  return { registry, file: path.resolve(positionals[0]!), extractDate };
}

/** Mails the holders through SMTP_URL before the command ends; the log (ids only) goes to standard error. */
async function mailQueued(env: ReturnType<typeof parseEnv>, queued: Array<{ id: string; reason: ReverifyReason }>): Promise<void> {
  const db = createDb({ url: env.DATABASE_URL, poolMax: 1 });
  const log = pino({ base: null }, process.stderr);
  const mailer = createMailer(env, log);
  try {
    await mailReverification(db, { sendMail: sendMailNow(mailer, log), webUrl: env.WEB_URL }, queued);
  } finally {
    mailer.close();
    await db.$disconnect();
  }
}

const count = (n: number) => n.toLocaleString('en-US');

export async function registryImport(args: string[]): Promise<number> {
  const options = parse(args);
  if (typeof options === 'string') {
    console.error(`${options}\n${USAGE}`);
    return 2;
  }
  const env = parseEnv();
  // Ctrl-C or a stop signal fails the import cleanly instead of leaving it half-loaded.
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once('SIGINT', stop).once('SIGTERM', stop);
  try {
    const result = await importRegistryFile(env.DATABASE_URL, {
      ...options,
      signal: abort.signal,
      onProgress: (p) =>
        console.error(
          p.allRead
            ? `${options.registry}: all ${count(p.read)} rows read in ${p.seconds.toFixed(1)} s; PostgreSQL is indexing them`
            : `${options.registry}: ${count(p.read)} rows read, ${count(p.kept)} kept, ${count(Math.round(p.read / p.seconds))} rows/s`,
        ),
    });
    const rate = Math.round(result.read / result.seconds);
    const skipped = options.registry === 'RPPS' ? 'non-physician rows skipped' : 'organisations, deactivated and non-physician rows skipped';
    console.log(
      `${options.registry} import ${result.importId} (extract of ${result.extractDate ?? 'unknown date'}): ${result.kept} rows imported, ${result.skipped} ${skipped}, in ${result.seconds.toFixed(2)} s (${rate} rows/s)`,
    );
    if (result.reverify.length > 0) {
      console.log(`${result.reverify.length} verified credential(s) no longer listed, or listed with another specialty: queued for re-verification`);
      await mailQueued(env, result.reverify);
    }
    return 0;
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
  }
}
