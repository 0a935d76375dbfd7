/** `pnpm cli <command>`: admin:create, admin:reset-factor, totp:code, demo:seed, schema:print, secrets:*. */
import { parseArgs } from 'node:util';
import { generateVapidKeys } from '@consilium/jobs/push';
import { checkPostgres } from '@consilium/jobs/services';
import { createDb } from '@consilium/db';
import { pino } from 'pino';
import { createReportBuilds } from '../domain/reports/builds.ts';
import { parseEnv } from '../env.ts';
import { createAdmin, parseStaffRoles, readPassword } from './admin-create.ts';
import { createMailer } from '@consilium/jobs/mail';
import { mailDemoConfirmations } from './demo-mail.ts';
import { resetAdminFactor } from './admin-factor.ts';
import { codeAt } from '../domain/second-factor/totp.ts';
import { seedDemo } from './demo-seed.ts';
import { registryGenerate } from './registry-generate.ts';
import { registryImport } from './registry-import.ts';
import { printSchemaFile } from './schema-print.ts';
import { isSecretsCommand, runSecretsCommand } from './secrets-rotate.ts';

const USAGE = `Usage: pnpm cli <command>
  admin:create --email E [--roles R,R]
                           create an admin (password from CONSILIUM_PASSWORD or standard input)
                           holding the staff roles R (VERIFIER, MODERATOR, REVIEWER, FINANCE, OWNER; all by default),
                           with a TOTP second factor: prints its secret, otpauth URI and recovery codes
  admin:reset-factor --email E
                           remove a lost second factor of an admin and end their sessions (audited);
                           they sign in with the password and enrol a new one
  totp:code --secret S     print the current TOTP code of a base32 secret (the demo admin's, say)
  demo:seed                load the demo data into an empty database
  schema:print             write api/schema.graphql from the Pothos schema
  push:keys                print a new VAPID key pair for web push (the private key: the worker's only)
  registry:import --registry RPPS|NPI [--extract-date YYYY-MM-DD] FILE
                           load a registry extract and make it the one matching reads
  registry:generate --registry RPPS|NPI --rows N [--seed S] FILE
                           write a synthetic registry extract (tests, benchmarks)
  secrets:rotate-pseudonym re-key every pseudonym from PSEUDONYM_SECRET_PREVIOUS to PSEUDONYM_SECRET
                           in one transaction (stop the API first; docs/operations.md)
  secrets:reseal-survey-keys
                           re-seal every survey private key from SURVEY_KEY_SECRET_PREVIOUS to SURVEY_KEY_SECRET
  secrets:reseal-factors   re-seal every TOTP secret from FACTOR_KEY_SECRET_PREVIOUS to FACTOR_KEY_SECRET
                           (secrets are read from the environment only, and never printed)`;

async function mailConfirmations(db: Parameters<typeof mailDemoConfirmations>[0], env: ReturnType<typeof parseEnv>): Promise<string[]> {
  const mailer = createMailer(env, pino({ level: 'silent' }));
  try {
    return await mailDemoConfirmations(db, env, mailer);
  } finally {
    mailer.close();
  }
}

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'registry:import') return registryImport(rest);
  if (command === 'registry:generate') return registryGenerate(rest);
  if (command === 'totp:code') {
    const { values } = parseArgs({ args: rest, options: { secret: { type: 'string' } } });
    if (!values.secret) {
      console.error('totp:code needs --secret S');
      return 2;
    }
    console.log(codeAt(values.secret.replace(/\s+/g, '').toUpperCase()));
    return 0;
  }
  if (command === 'push:keys') {
    const keys = generateVapidKeys();
    // The private key goes to the worker only; the API and the browsers get the public one.
    console.log(`VAPID_PUBLIC_KEY=${keys.publicKey}\nVAPID_PRIVATE_KEY=${keys.privateKey}`);
    return 0;
  }
  if (command === 'schema:print') {
    console.log(`wrote ${await printSchemaFile()}`);
    return 0;
  }
  if (command !== 'admin:create' && command !== 'demo:seed' && command !== 'admin:reset-factor' && !isSecretsCommand(command)) {
    console.error(USAGE);
    return 2;
  }
  const env = parseEnv();
  const unreachable = await checkPostgres(env.DATABASE_URL);
  if (unreachable) {
    console.error(unreachable);
    return 1;
  }
  const db = createDb({ url: env.DATABASE_URL, poolMax: 2 });
  try {
    if (isSecretsCommand(command)) {
      console.log(await runSecretsCommand(command, db, env));
      return 0;
    }
    if (command === 'demo:seed') {
      // The demo's paid report is queued on the worker's queue, as a payment would queue it.
      const reportBuilds = createReportBuilds({ db, log: pino({ level: 'silent' }), redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX });
      try {
        const logins = await seedDemo(db, env.PSEUDONYM_SECRET, env.DATABASE_URL, env.SURVEY_KEY_SECRET, env, undefined, reportBuilds);
        if (!logins) console.log('demo data: the database already has accounts; nothing loaded.');
        else for (const line of [...logins, ...(await mailConfirmations(db, env))]) console.log(line);
      } finally {
        await reportBuilds.close();
      }
      return 0;
    }
    const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, roles: { type: 'string' } } });
    if (!values.email) {
      console.error(`${command} needs --email E`);
      return 2;
    }
    if (command === 'admin:reset-factor') {
      const { sessionsEnded } = await resetAdminFactor(db, values.email);
      console.log(`second factor removed: ${values.email.trim().toLowerCase()} (${sessionsEnded} session(s) ended); they sign in with their password and enrol a new one`);
      return 0;
    }
    const roles = parseStaffRoles(values.roles);
    const password = process.env.CONSILIUM_PASSWORD || (await readPassword());
    const admin = await createAdmin(db, values.email, password, env.FACTOR_KEY_SECRET, roles);
    console.log(`admin created: ${values.email.trim().toLowerCase()} (staff roles: ${roles.join(', ')})`);
    console.log(`TOTP secret: ${admin.secret}`);
    console.log(`otpauth URI: ${admin.uri}`);
    console.log(`recovery codes (each works once; keep them offline): ${admin.recoveryCodes.join(' ')}`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`error: ${err.message}`);
    process.exit(1);
  },
);
