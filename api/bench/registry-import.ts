/**
 * `pnpm bench:import`: the real `registry:import` of a generated 1,000,000-row RPPS extract
 * into a scratch database, run as a child process so that its peak memory is its own, then the
 * yardstick: psql \copy of the same file, as is, into a plain table of text columns; and, to
 * tell our share from the table's, psql \copy of the kept rows straight into registry_entry.
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '@consilium/db/testing';
import { generateRegistryFile } from '../src/domain/registry/generate.ts';

const ROWS = 1_000_000;
const SEED = 1;
const FILE = path.join(tmpdir(), `consilium-bench-rpps-${ROWS}-${SEED}`, 'PS_LibreAcces_Personne_activite_202611010000.txt');
const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '../src/cli/index.ts');
const GNU_TIME = '/usr/bin/time';

interface Run {
  code: number | null;
  stdout: string;
  seconds: number;
  /** Peak resident memory in MiB, or null when it could not be measured. */
  peakMiB: number | null;
}

/** Peak RSS from GNU time when present, else the last VmHWM read from /proc while it runs. */
function measured(command: string, args: string[], env: NodeJS.ProcessEnv, echo = true): Promise<Run> {
  const gnuTime = existsSync(GNU_TIME);
  const started = performance.now();
  const child = gnuTime ? spawn(GNU_TIME, ['-f', 'maxrss_kb=%M', command, ...args], { env }) : spawn(command, args, { env });
  let stdout = '';
  let stderr = '';
  let hwmKb: number | null = null;
  const sample = () => {
    try {
      const status = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (status) hwmKb = Number(status[1]);
    } catch {
      // The process has just exited: the last sample stands.
    }
  };
  const sampler = gnuTime ? null : setInterval(sample, 50);
  child.stdout.on('data', (d) => (stdout += d));
  let echoed = 0;
  child.stderr.on('data', (d) => {
    stderr += d;
    // GNU time may write its line a character at a time: echo whole lines, never its own.
    const end = stderr.lastIndexOf('\n') + 1;
    if (echo && end > echoed) process.stderr.write(stderr.slice(echoed, end).replace(/^maxrss_kb=\d+\n/m, ''));
    echoed = Math.max(echoed, end);
  });
  return new Promise((resolve) => {
    child.on('close', (code) => {
      if (sampler) clearInterval(sampler);
      const kb = gnuTime ? Number(/maxrss_kb=(\d+)/.exec(stderr)?.[1] ?? NaN) : hwmKb;
      resolve({ code, stdout, seconds: (performance.now() - started) / 1000, peakMiB: kb && !Number.isNaN(kb) ? kb / 1024 : null });
    });
  });
}

async function ensureExtract(): Promise<void> {
  if (existsSync(FILE)) return console.log(`extract: ${FILE} (already there)`);
  mkdirSync(path.dirname(FILE), { recursive: true });
  const started = performance.now();
  await generateRegistryFile(FILE, { registry: 'RPPS', rows: ROWS, seed: SEED });
  console.log(`extract: ${FILE} (generated in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

async function headerColumns(): Promise<number> {
  for await (const chunk of createReadStream(FILE, { encoding: 'utf8', end: 64 * 1024 })) {
    return String(chunk).split('\n')[0]!.split('|').length;
  }
  throw new Error(`${FILE} is empty`);
}

function importRun(url: string): Promise<Run> {
  // The child reads DATABASE_URL like any run of the CLI.
  const env = { ...process.env, DATABASE_URL: url };
  return measured(process.execPath, ['--import', 'tsx', CLI, 'registry:import', '--registry', 'RPPS', FILE], env);
}

/** Every field, the empty one after the trailing `|` included, into text columns; no index. */
async function copyRun(url: string): Promise<Run> {
  const columns = Array.from({ length: await headerColumns() }, (_, i) => `c${i + 1} text`).join(', ');
  const create = await measured('psql', ['-qX', '-v', 'ON_ERROR_STOP=1', url, '-c', `CREATE TABLE bench_copy (${columns})`], process.env);
  if (create.code !== 0) throw new Error('psql could not create the yardstick table');
  // CSV with a quote character that never occurs: psql takes the lines exactly as they are.
  const copy = `\\copy bench_copy FROM '${FILE}' WITH (FORMAT csv, HEADER true, DELIMITER '|', QUOTE E'\\x01')`;
  return measured('psql', ['-qX', '-v', 'ON_ERROR_STOP=1', url, '-c', copy], process.env);
}

/**
 * The floor set by the table itself: psql \copy of the rows the import kept, already in COPY
 * text, into registry_entry with its indexes, as a third import would write them.
 */
async function tableFloorRun(url: string): Promise<Run> {
  const rows = path.join(path.dirname(FILE), 'kept-rows.tsv');
  const id = '00000000-0000-4000-8000-00000000bec4';
  const psql = (command: string) => measured('psql', ['-qX', '-v', 'ON_ERROR_STOP=1', url, '-c', command], process.env);
  const columns = 'import_id, identifier, last_name, first_name, profession, specialty_code, specialty_label';
  const active = `(SELECT id FROM registry_import WHERE registry = 'RPPS' AND status = 'ACTIVE')`;
  const setup = [
    await psql(`INSERT INTO registry_import (id, registry, file_name) VALUES ('${id}', 'BENCH', 'kept-rows.tsv')`),
    await psql(`\\copy (SELECT '${id}', ${columns.split(', ').slice(1).join(', ')} FROM registry_entry WHERE import_id = ${active}) TO '${rows}'`),
  ];
  if (setup.some((run) => run.code !== 0)) throw new Error('psql could not prepare the kept rows');
  try {
    return await psql(`\\copy registry_entry (${columns}) FROM '${rows}'`);
  } finally {
    rmSync(rows, { force: true });
  }
}

const rate = (rows: number, seconds: number) => Math.round(rows / seconds).toLocaleString('en-US');
const mib = (run: Run) => (run.peakMiB === null ? 'n/a' : `${run.peakMiB.toFixed(0)} MiB`);

function report(first: Run, second: Run, baseline: Run, copy: Run, floor: Run): void {
  const own = (run: Run) => /in ([\d.]+) s/.exec(run.stdout)?.[1] ?? '?';
  console.log(`\nregistry:import, ${ROWS.toLocaleString('en-US')} RPPS rows (${/(\d+) rows imported/.exec(first.stdout)?.[1]} physicians kept)`);
  console.log(`  into an empty registry     ${first.seconds.toFixed(2)} s wall (${own(first)} s by its own clock), ${rate(ROWS, first.seconds)} rows/s, peak RSS ${mib(first)}`);
  console.log(`  replacing that import      ${second.seconds.toFixed(2)} s wall (${own(second)} s by its own clock), ${rate(ROWS, second.seconds)} rows/s, peak RSS ${mib(second)}`);
  console.log(`  the CLI process at rest    peak RSS ${mib(baseline)} (node, tsx and the CLI's modules)`);
  console.log(`psql \\copy of the same file  ${copy.seconds.toFixed(2)} s wall, ${rate(ROWS, copy.seconds)} rows/s`);
  console.log(`ratio import / \\copy         ${(first.seconds / copy.seconds).toFixed(2)}× (replacing: ${(second.seconds / copy.seconds).toFixed(2)}×)`);
  console.log(`psql \\copy of the kept rows into registry_entry (with its indexes): ${floor.seconds.toFixed(2)} s wall`);
}

async function main(): Promise<void> {
  await ensureExtract();
  const database = await createTestDatabase();
  console.log(`scratch database: ${database.name}`);
  try {
    const baseline = await measured(process.execPath, ['--import', 'tsx', CLI, 'help'], process.env, false);
    const first = await importRun(database.url);
    const second = await importRun(database.url);
    if (first.code !== 0 || second.code !== 0) throw new Error('registry:import failed');
    const copy = await copyRun(database.url);
    if (copy.code !== 0) throw new Error('psql \\copy failed');
    const floor = await tableFloorRun(database.url);
    if (floor.code !== 0) throw new Error('psql \\copy into registry_entry failed');
    report(first, second, baseline, copy, floor);
  } finally {
    await database.drop();
  }
}

main().catch((err: Error) => {
  console.error(`bench:import: ${err.message}`);
  process.exit(1);
});
