#!/usr/bin/env node
/**
 * `pnpm start`: migrate, load the demo data into an empty database, then run the API, the
 * worker and the web app together with prefixed output. Plain Node so that it runs before
 * anything is built. `pnpm start api worker` runs only the ones named.
 *
 * Each service runs in a process group of its own: pnpm, tsx and vite each start further
 * processes, and signalling the group is the only way to be sure none is left behind.
 *
 * With NODE_ENV=production everything runs from the output of `pnpm build` with plain Node
 * (the migration command, the seed, the API, the worker, the web app): no tsx, no vite.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startMailCatcher } from './mail-catcher.mjs';
import { commandOf, missingBuild } from './run.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PORT = process.env.PORT || '4000';
const WEB_PORT = process.env.WEB_PORT || '3000';
const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/consilium',
  REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  PORT,
  WEB_PORT,
  API_URL: process.env.API_URL || `http://127.0.0.1:${PORT}/graphql`,
  // The links in mails lead to the web app as this machine's browser reaches it.
  WEB_URL: process.env.WEB_URL || process.env.ORIGIN || `http://localhost:${WEB_PORT}`,
};
/** The development mail catcher's web inbox, when this script runs it (SMTP_URL not set). */
let mailInbox;
const MIB = 1024 * 1024;
/**
 * The built web server (adapter-node) refuses bodies over BODY_SIZE_LIMIT (512K by default): a
 * case image on its way to the API's `POST /uploads`, or posted with the composer without
 * JavaScript, must get through. By default: the API's UPLOAD_MAX_BYTES plus the rest of the
 * form, and at least 16 MiB. (`vite dev` has no such limit.)
 */
const uploadMaxBytes = Number(process.env.UPLOAD_MAX_BYTES) || 10 * MIB;
const BODY_SIZE_LIMIT = process.env.BODY_SIZE_LIMIT || String(Math.max(16 * MIB, uploadMaxBytes + MIB));
/** NODE_ENV=production runs the built output (`pnpm build` first), otherwise tsx and `vite dev`. */
const production = process.env.NODE_ENV === 'production';
const SERVICES = {
  api: { colour: 36, ready: `http://localhost:${PORT}/graphql` },
  worker: { colour: 35 },
  web: {
    colour: 32,
    ready: `http://localhost:${WEB_PORT}/`,
    // adapter-node listens on PORT (the API's here) and checks form posts against ORIGIN.
    env: production ? { PORT: WEB_PORT, ORIGIN: process.env.ORIGIN || `http://localhost:${WEB_PORT}`, BODY_SIZE_LIMIT } : { BODY_SIZE_LIMIT },
  },
};
const STOP_GRACE_MS = 10_000;

const useColour = process.stdout.isTTY && !process.env.NO_COLOR;
if (useColour) env.FORCE_COLOR ??= '1'; // the children write to pipes, not to the terminal
const width = Math.max(...[...Object.keys(SERVICES), 'start'].map((name) => name.length)) + 2;
const label = (name, colour) => {
  const text = `[${name}]`.padEnd(width);
  return useColour ? `\x1b[${colour}m${text}\x1b[0m ` : `${text} `;
};
const say = (line) => console.log(`${label('start', 33)}${line}`);

function maskUrl(url) {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** A TCP connection attempt: enough to tell "not started" apart from everything else. */
function reachable(url, fallbackPort) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port || fallbackPort || 80) });
    const done = (ok) => (socket.destroy(), resolve(ok));
    socket.setTimeout(2_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function checkServices() {
  const checks = [
    ['PostgreSQL', env.DATABASE_URL, 5432, 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start'],
    ['Redis', env.REDIS_URL, 6379, 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no'],
  ];
  let ok = true;
  for (const [what, url, port, startIt] of checks) {
    if (!URL.canParse(url) || (await reachable(url, port))) continue;
    console.error(`${what} at ${maskUrl(url)} is not reachable — start it with: ${startIt}`);
    ok = false;
  }
  return ok;
}

let step; // the migrate or seed process running now, if any
let interrupted = false;

/** Runs one setup command in the foreground; its output is the user's to read. */
function runStep([command, args, cwd]) {
  return new Promise((resolve) => {
    step = spawn(command, args, { cwd, env, stdio: 'inherit' });
    step.once('error', (err) => resolve({ code: 1, error: err.message }));
    step.once('exit', (code, signal) => resolve({ code: code ?? 1, signal }));
  }).finally(() => (step = undefined));
}

const running = new Map(); // name → child process (its pid is its process group id)
let stopping = false;

function pipeLines(stream, out, prefix) {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => out.write(`${prefix}${line}\n`));
}

function startService(name) {
  const { colour, env: own } = SERVICES[name];
  const [command, args, cwd] = commandOf(name, production);
  const child = spawn(command, args, { cwd, env: { ...env, ...own }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.set(name, child);
  const prefix = label(name, colour);
  pipeLines(child.stdout, process.stdout, prefix);
  pipeLines(child.stderr, process.stderr, prefix);
  child.once('error', (err) => void died(name, err.message));
  child.once('exit', (code, signal) => void died(name, signal ? `signal ${signal}` : `exit code ${code}`));
}

/**
 * One service ended while the others were meant to keep running: stop everything, its own
 * group included (pnpm may be gone while what it started lives on).
 */
async function died(name, how) {
  if (stopping) return;
  const others = [...running.keys()].filter((other) => other !== name);
  say(`${name} stopped unexpectedly (${how})${others.length > 0 ? `; stopping ${others.join(', ')}` : ''}.`);
  await stopAll('SIGTERM');
  process.exit(1);
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the whole group is gone
  }
}

/** Signals every group, waits for all their processes to end, and kills what outlives the grace period. */
async function stopAll(signal) {
  stopping = true;
  const groups = [...running.values()].map((child) => child.pid).filter(Boolean);
  for (const pid of groups) signalGroup(pid, signal);
  const deadline = Date.now() + STOP_GRACE_MS;
  while (groups.some((pid) => signalGroup(pid, 0))) {
    if (Date.now() > deadline) {
      say(`still running after ${STOP_GRACE_MS / 1000} s: killing.`);
      for (const pid of groups) signalGroup(pid, 'SIGKILL');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Waits until every service with a URL accepts connections, then says where to go. A TCP
 * connection, not a request: a request would be logged, and one cut short by a timeout
 * during the first compile shows up in the web app's output as an error.
 */
async function announceWhenReady(names) {
  const ready = names.map((name) => SERVICES[name].ready).filter(Boolean);
  while (!stopping && !(await Promise.all(ready.map((url) => reachable(url)))).every(Boolean)) {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (stopping || ready.length === 0) return;
  say('ready:');
  if (names.includes('web')) say(`  web  ${SERVICES.web.ready}`);
  if (names.includes('api')) say(`  API  ${SERVICES.api.ready}`);
  if (mailInbox) say(`  mail ${mailInbox} (the development inbox: every mail the API and the worker send lands here)`);
}

/**
 * Without SMTP_URL, mail goes to a catcher on loopback, run in this process: an SMTP server and a
 * web inbox (scripts/mail-catcher.mjs). A port already taken (another `pnpm start`) is said, not fatal.
 */
async function startMail() {
  if (process.env.SMTP_URL) return;
  try {
    const catcher = await startMailCatcher({
      smtpPort: Number(process.env.MAIL_CATCHER_SMTP_PORT) || 1025,
      httpPort: Number(process.env.MAIL_CATCHER_PORT) || 1080,
    });
    env.SMTP_URL = catcher.smtpUrl;
    mailInbox = catcher.inboxUrl;
  } catch (err) {
    say(`the development mail catcher did not start (${err.message}): mails go to smtp://127.0.0.1:1025 if something listens there.`);
  }
}

function onSignal(signal) {
  if (step) {
    interrupted = true;
    return step.kill(signal); // its exit ends this process in main()
  }
  if (stopping) {
    say(`${signal} again: killing.`);
    for (const child of running.values()) signalGroup(child.pid, 'SIGKILL');
    return;
  }
  say(`${signal}: stopping ${[...running.keys()].join(', ')}… (again to kill)`);
  void stopAll(signal).then(() => process.exit(0));
}

async function main() {
  const names = process.argv.slice(2).filter((arg) => arg !== '--');
  const unknown = names.filter((name) => !Object.hasOwn(SERVICES, name));
  if (unknown.length > 0) {
    console.error(`Unknown service ${unknown.join(', ')}: choose from ${Object.keys(SERVICES).join(', ')}.`);
    return process.exit(2);
  }
  const chosen = names.length > 0 ? names : Object.keys(SERVICES);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  if (!(await checkServices())) return process.exit(1);
  const missing = production ? missingBuild(['migrate', 'seed', ...chosen]) : [];
  if (missing.length > 0) {
    console.error(`NODE_ENV=production runs the built output, and ${missing.join(', ')} is missing: run pnpm build first.`);
    return process.exit(1);
  }

  // Before the seed: the demo's unconfirmed physician is mailed their link, which lands in the inbox.
  if (chosen.includes('api')) await startMail();
  const setup = (script, built) => (production ? commandOf(built, true) : ['pnpm', ['--silent', ...script], root]);
  for (const [what, command] of [
    ['Migrating the database', setup(['--filter', '@consilium/db', 'run', 'migrate'], 'migrate')],
    ['Loading the demo data if the database is empty', setup(['--filter', '@consilium/api', 'run', 'seed'], 'seed')],
  ]) {
    say(`${what}…`);
    const { code, signal, error } = await runStep(command);
    if (interrupted || signal) {
      say('stopped before anything was started.');
      return process.exit(0);
    }
    if (code !== 0) {
      say(`${what.toLowerCase()} failed (${error ?? `exit code ${code}`}); see above. Nothing else was started.`);
      return process.exit(1);
    }
  }

  // Beside the demo logins the seed printed: where the demo's mails (confirmation links, dr.martin's notification mails) land.
  if (mailInbox) say(`Demo mails land in the development inbox: ${mailInbox}`);
  say(`Starting ${chosen.join(', ')}…`);
  for (const name of chosen) startService(name);
  void announceWhenReady(chosen);
}

await main();
