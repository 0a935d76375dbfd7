#!/usr/bin/env node
/**
 * `pnpm measure:processes`: start-up time (process start → ready) and idle RSS of the API, the
 * worker and the web server, built (`pnpm build` first) and from source (tsx, vite dev), against
 * the development database and Redis. Each variant runs RUNS times, one at a time; the median is
 * printed. "Ready": the API answers GET /readyz (PostgreSQL and Redis reached), the worker logs
 * "worker started", the web server answers GET /. Idle RSS: VmRSS of the process 5 s after ready.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.RUNS) || 3;
const IDLE_MS = 5_000;
const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/consilium',
  REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  LOG_LEVEL: 'info',
};

const httpReady = (url) => async () => {
  try {
    const response = await fetch(url);
    await response.arrayBuffer();
    return url.endsWith('/readyz') ? response.ok : true;
  } catch {
    return false;
  }
};

const VARIANTS = [
  { name: 'API, built', cwd: 'api', args: ['--max-semi-space-size=32', '--enable-source-maps', 'dist/main.js'], env: { PORT: '4601' }, ready: httpReady('http://127.0.0.1:4601/readyz') },
  { name: 'API, tsx', cwd: 'api', args: ['--max-semi-space-size=32', '--import', 'tsx', 'src/main.ts'], env: { PORT: '4602' }, ready: httpReady('http://127.0.0.1:4602/readyz') },
  { name: 'worker, built', cwd: 'analytics', args: ['--enable-source-maps', 'dist/main.js'], env: { QUEUE_PREFIX: 'measure-built' }, line: 'worker started' },
  { name: 'worker, tsx', cwd: 'analytics', args: ['--import', 'tsx', 'src/main.ts'], env: { QUEUE_PREFIX: 'measure-tsx' }, line: 'worker started' },
  { name: 'web, built (adapter-node)', cwd: 'web', args: ['build'], env: { PORT: '4603', ORIGIN: 'http://localhost:4603', API_URL: 'http://127.0.0.1:4601/graphql' }, ready: httpReady('http://127.0.0.1:4603/') },
  { name: 'web, vite dev', cwd: 'web', args: ['node_modules/vite/bin/vite.js', 'dev', '--port', '4604', '--strictPort'], env: {}, ready: httpReady('http://127.0.0.1:4604/') },
];

const rssMiB = (pid) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line.split(/\s+/)[1]) / 1024;
};

async function once(variant) {
  const started = performance.now();
  const child = spawn(process.execPath, variant.args, { cwd: path.join(root, variant.cwd), env: { ...env, ...variant.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let sawLine = false;
  child.stdout.on('data', (d) => ((output += d), variant.line && String(d).includes(variant.line) && (sawLine = true)));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 120_000;
  while (!(variant.line ? sawLine : await variant.ready())) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`${variant.name}: not ready\n${output.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const readyMs = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const rss = rssMiB(child.pid);
  child.kill('SIGTERM');
  await exited;
  return { readyMs, rss };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const only = process.argv.slice(2);
console.log(`| process | start → ready (median of ${RUNS}) | idle RSS |\n|---|---|---|`);
for (const variant of VARIANTS.filter((v) => only.length === 0 || only.some((o) => v.name.startsWith(o)))) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once(variant));
  console.log(`| ${variant.name} | ${(median(runs.map((r) => r.readyMs)) / 1000).toFixed(2)} s | ${median(runs.map((r) => r.rss)).toFixed(0)} MiB |`);
}
