/**
 * Starts the real stack for end-to-end tests: a fresh migrated database, the API on a free
 * port (PostgreSQL and Redis of the machine), and the built web app (adapter-node) on another.
 * The web app is built once per run, by `global-setup.ts`: test files run in parallel and
 * would otherwise write the same build directory at the same time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb } from '@consilium/db';
import { createTestDatabase, type TestDatabase } from '@consilium/db/testing';
import * as OTPAuth from 'otpauth';
import { chromium, type Browser, type Page } from 'playwright-core';
// The API's loopback SMTP server for tests: a real server, whose mails the tests read.
import { confirmByMail, linkToken, startSmtpServer } from '../../api/src/test/smtp.ts';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = path.resolve(webDir, '..');
const apiDir = path.join(repoDir, 'api');
const analyticsDir = path.join(repoDir, 'analytics');

export interface StackOptions {
  /** Extra environment of the API and the worker (REPORT_K=3, say, for a small survey; SWEEP_EVERY_SECONDS). */
  env?: Record<string, string>;
  /** Also start the analytics worker (reports), on the same database, Redis and queue prefix. */
  worker?: boolean;
  /**
   * Serve the web app as http://localhost:<port> (and tell the API so: WEB_URL, hence the WebAuthn
   * relying party and origin). Passkeys need a host name: browsers refuse WebAuthn on 127.0.0.1.
   */
  localhost?: boolean;
}

export interface Stack {
  webUrl: string;
  apiUrl: string;
  /** The stack's own database, for the API's command-line tools. */
  databaseUrl: string;
  /** The SMTP server on loopback that the API mails through (unless the test gave its own SMTP_URL). */
  mail: MailServer;
  stop(): Promise<void>;
}

export type MailServer = Awaited<ReturnType<typeof startSmtpServer>>;

/** The environment a child gets: ours minus what vitest sets for its own workers. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'NODE_ENV' || key === 'TEST') delete env[key];
  return { ...env, ...extra };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface Child {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(name: string, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Child {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { process: child, output: () => `--- ${name} ---\n${output}`, exited };
}

async function stopChild(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGTERM');
  const killed = setTimeout(() => child.process.kill('SIGKILL'), 5_000);
  await child.exited;
  clearTimeout(killed);
}

/** Resolves once `probe` succeeds; rejects with the child's output if it dies or time runs out. */
async function waitUntil(child: Child, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let died = false;
  void child.exited.then(() => (died = true));
  while (Date.now() < deadline) {
    if (died) throw new Error(`exited before it was ready\n${child.output()}`);
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`not ready after ${timeoutMs} ms\n${child.output()}`);
}

/** Builds the web app (adapter-node) into `build/`. */
export async function buildWeb(): Promise<void> {
  const vite = path.join(webDir, 'node_modules', 'vite', 'bin', 'vite.js');
  const child = start('vite build', process.execPath, [vite, 'build', '--logLevel', 'warn'], webDir, childEnv({}));
  const code = await child.exited;
  if (code !== 0) throw new Error(`vite build failed (${code})\n${child.output()}`);
}

async function startApi(databaseUrl: string, children: Child[], extra: Record<string, string>): Promise<string> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  const child = start('api', process.execPath, ['--import', 'tsx', 'src/main.ts'], apiDir, childEnv({
    ...extra,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    REDIS_URL: 'redis://127.0.0.1:6379',
    // Its own rate-limit counters, so that earlier runs from the same address do not count.
    REDIS_PREFIX: `consilium_e2e_${randomBytes(4).toString('hex')}`,
    RATE_LIMIT_SCALE: '100',
    // Admins sign in with a code, which steps them up; a slow test file's admin token stays stepped up.
    STEP_UP_MINUTES: '60',
    LOG_LEVEL: 'warn',
  }));
  children.push(child);
  const probe = async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    return res.ok;
  };
  // tsx compiles the API as it starts: on a shared, loaded machine that alone can take half a minute.
  await waitUntil(child, probe, 90_000);
  return url;
}

/** The analytics worker; ready once it says so (it checks PostgreSQL and Redis first). */
async function startWorker(databaseUrl: string, children: Child[], extra: Record<string, string>): Promise<void> {
  const child = start('worker', process.execPath, ['--import', 'tsx', 'src/main.ts'], analyticsDir, childEnv({
    // A quick sweep unless the test says otherwise (one that checks the API's own enqueue sets it long).
    SWEEP_EVERY_SECONDS: '2',
    ...extra,
    DATABASE_URL: databaseUrl,
    REDIS_URL: 'redis://127.0.0.1:6379',
    // "worker started" is an info line.
    LOG_LEVEL: 'info',
    // Its probe server on any free port: a developer's own worker may hold the default one.
    WORKER_HTTP_PORT: '0',
  }));
  children.push(child);
  await waitUntil(child, async () => child.output().includes('worker started'), 30_000);
}

async function startWeb(apiUrl: string, children: Child[], port: number, url: string): Promise<string> {
  const child = start('web', process.execPath, ['build'], webDir, childEnv({
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    // adapter-node checks form posts against ORIGIN (CSRF).
    ORIGIN: url,
    API_URL: apiUrl,
    // Case images go through the web server on their way to the API.
    BODY_SIZE_LIMIT: '16M',
  }));
  children.push(child);
  await waitUntil(child, async () => (await fetch(url)).status < 500, 15_000);
  return url;
}

/** Starts the database and the API (and the worker if asked), then serves the web app that `buildWeb` built. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const children: Child[] = [];
  const databases: TestDatabase[] = [];
  const mail = await startSmtpServer();
  const stop = async () => {
    await Promise.all(children.map(stopChild));
    await Promise.all(databases.map((d) => d.drop()));
    await mail.close();
  };
  try {
    const database = await createTestDatabase();
    databases.push(database);
    // The API and the worker share one queue prefix of their own: another run's worker must not take these jobs.
    const shared = { QUEUE_PREFIX: `consilium_e2e_${randomBytes(4).toString('hex')}`, SMTP_URL: mail.url, ...options.env };
    const webPort = await freePort();
    const webUrl = `http://${options.localhost ? 'localhost' : '127.0.0.1'}:${webPort}`;
    const apiUrl = await startApi(database.url, children, options.localhost ? { WEB_URL: webUrl, ...shared } : shared);
    if (options.worker) await startWorker(database.url, children, shared);
    await startWeb(apiUrl, children, webPort, webUrl);
    return { webUrl, apiUrl, databaseUrl: database.url, mail, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Runs a command of the API's CLI (`pnpm cli …`) on the stack's database; resolves with its output. */
export async function runCli(stack: Stack, args: string[], env: Record<string, string> = {}): Promise<string> {
  const cli = ['--import', 'tsx', 'src/cli/index.ts', ...args];
  const child = start('cli', process.execPath, cli, apiDir, childEnv({ DATABASE_URL: stack.databaseUrl, ...env }));
  const code = await child.exited;
  if (code !== 0) throw new Error(`cli ${args[0]} failed (${code})\n${child.output()}`);
  return child.output();
}

/**
 * Admins' second factors, by e-mail: the TOTP secret `admin:create` printed and its unused
 * recovery codes. A TOTP code is good once per 30-second step, and a test file signs its admin
 * in several times within seconds: `secondFactorFor` hands out the code of the current step, then
 * of the next one (the API takes one step either side), then recovery codes — never a wait.
 */
const factors = new Map<string, { secret: string; recoveryCodes: string[]; usedSteps: Set<number> }>();

/** Makes `email`'s sign-ins answer the second-factor question with codes of `secret`. */
export function registerSecondFactor(email: string, secret: string, recoveryCodes: string[] = []): void {
  factors.set(email.toLowerCase(), { secret, recoveryCodes: [...recoveryCodes], usedSteps: new Set() });
}

/** Forgets `email`'s factor (after the operator's `admin:reset-factor`): its sign-ins use the password alone. */
export function forgetSecondFactor(email: string): void {
  factors.delete(email.toLowerCase());
}

/** A second-factor code for `email` not used before, or null when it has no known factor. */
export function secondFactorFor(email: string): string | null {
  const factor = factors.get(email.toLowerCase());
  if (!factor) return null;
  const now = Math.floor(Date.now() / 30_000);
  for (const step of [now, now + 1]) {
    if (factor.usedSteps.has(step)) continue;
    factor.usedSteps.add(step);
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(factor.secret), digits: 6, period: 30, algorithm: 'SHA1' });
    return totp.generate({ timestamp: step * 30_000 + 1_000 });
  }
  const code = factor.recoveryCodes.shift();
  if (!code) throw new Error(`no unused second-factor code left for ${email}`);
  return code;
}

/**
 * Creates an admin the way operators do (admins cannot register through the API), with the TOTP
 * factor it is given. `roles` are its staff roles (every one when not given, as `admin:create` does).
 */
export async function createAdmin(stack: Stack, email: string, password: string, roles?: readonly string[]): Promise<{ secret: string; recoveryCodes: string[] }> {
  const output = await runCli(stack, ['admin:create', '--email', email, ...(roles ? ['--roles', roles.join(',')] : [])], { CONSILIUM_PASSWORD: password });
  const secret = /TOTP secret: ([A-Z2-7]+)/.exec(output)?.[1];
  const codes = /recovery codes[^:]*: ([^\n]+)/.exec(output)?.[1]?.trim().split(/\s+/) ?? [];
  if (!secret) throw new Error(`admin:create printed no TOTP secret\n${output}`);
  registerSecondFactor(email, secret, codes);
  return { secret, recoveryCodes: codes };
}

/**
 * After the login form was sent for an account with a known second factor: the form comes back
 * asking for the code; the password (kept by the browser with scripts, not without) and the code go again.
 */
export async function completeSecondFactor(page: Page, email: string, password: string): Promise<void> {
  const code = secondFactorFor(email);
  if (code === null) return;
  const field = page.locator('input[name="secondFactor"]');
  await field.waitFor();
  // The login form, not the passkey form beside it.
  const form = page.locator('main form').filter({ has: field });
  await form.locator('input[name="password"]').fill(password);
  await field.fill(code);
  await form.locator('button[type="submit"]').click();
}

/** Debian's Chromium, headless, with nothing that calls home (this machine has no internet). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** The text of the first element `selector` finds, its white space folded. */
export async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * The link `link` of the header's navigation `nav` ("Espace médecin"), as a person reaches it:
 * on a phone the navigation is behind the "Menu" button, which this opens first.
 */
/** A client opens a survey's report from the orders page, by its link. */
export async function openReportFromOrders(page: Page, title: string, surveyId: string): Promise<void> {
  await page.goto('/orders');
  await page.getByRole('link', { name: `Read the report of “${title}”` }).click();
  await page.waitForURL((url) => url.pathname === `/my-surveys/${surveyId}/report`);
}

export async function openNavLink(page: Page, nav: string, link: string | RegExp): Promise<void> {
  const toggle = page.getByTestId('menu-toggle');
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.getByRole('navigation', { name: nav }).getByRole('link', { name: link }).click();
}

/**
 * Logs in through the login form, in French or English, and waits for the home page (or, for
 * an account whose address is not confirmed yet, the page that asks to confirm it).
 */
export async function logInOn(page: Page, email: string, password: string, locale: 'fr-FR' | 'en-GB'): Promise<void> {
  const fr = locale === 'fr-FR';
  await page.goto('/login');
  await page.getByLabel(fr ? 'Adresse e-mail' : 'E-mail address').fill(email);
  await page.getByLabel(fr ? 'Mot de passe' : 'Password').fill(password);
  await page.locator('main').getByRole('button', { name: fr ? 'Se connecter' : 'Log in' }).click();
  await completeSecondFactor(page, email, password);
  await page.waitForURL((url) => url.pathname === '/' || url.pathname === '/confirm-address');
}

/**
 * "Open the last mail, follow the link": the confirmation link mailed to `email` is opened in
 * `page` and its button pressed, as the member would; resolves once the page has moved on (to
 * where a signed-in member was going, or to the page that says the address is confirmed).
 */
export async function confirmFromMail(page: Page, stack: Stack, email: string): Promise<void> {
  const mail = await stack.mail.next(email);
  await page.goto(`/confirm-email?token=${linkToken(mail.text, '/confirm-email')}`);
  await page.locator('main form button[type="submit"]').click();
  await page.waitForURL((url) => !url.searchParams.has('token'), { timeout: 20_000 }).catch(async (err: unknown) => {
    throw new Error(`${String(err)}\n${page.url()}\n${(await page.content()).slice(0, 800)}`);
  });
}

/** The same for a member made through the API (`e2e/api.ts`): the link's token goes to `confirmEmail`. */
export async function confirmThroughApi(stack: Stack, email: string): Promise<void> {
  await confirmByMail(stack.mail, async (query, variables) => {
    const res = await fetch(stack.apiUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as { errors?: Array<{ extensions?: Record<string, unknown> }> };
  }, email);
}
