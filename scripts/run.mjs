#!/usr/bin/env node
/**
 * `pnpm api`, `pnpm worker`, `pnpm web`: one process, in the foreground.
 *
 * With NODE_ENV=production it runs the built output (`pnpm build` first) with plain Node — no
 * tsx, no vite — and says so clearly when the build is missing; otherwise the package's `dev`
 * script (tsx, vite dev). The child gets this process's signals, so a SIGTERM sent here reaches
 * the API's graceful shutdown.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The built commands, also used by scripts/start.mjs. Paths relative to the repository root. */
export const BUILT = {
  api: { cwd: 'api', file: 'api/dist/main.js', args: ['--max-semi-space-size=32', '--enable-source-maps', 'dist/main.js'] },
  worker: { cwd: 'analytics', file: 'analytics/dist/main.js', args: ['--enable-source-maps', 'dist/main.js'] },
  web: { cwd: 'web', file: 'web/build/index.js', args: ['build'] },
  migrate: { cwd: 'prisma', file: 'prisma/dist/cli/migrate.js', args: ['--enable-source-maps', 'dist/cli/migrate.js', 'deploy'] },
  seed: { cwd: 'api', file: 'api/dist/cli/index.js', args: ['--enable-source-maps', 'dist/cli/index.js', 'demo:seed'] },
};
const DEV = { api: '@consilium/api', worker: '@consilium/analytics', web: '@consilium/web' };

/** The files `pnpm build` makes that the named commands need and that are missing. */
export function missingBuild(names) {
  return names.map((name) => BUILT[name].file).filter((file) => !existsSync(path.join(root, file)));
}

/** [command, args, cwd] of one service: built under NODE_ENV=production, dev otherwise. */
export function commandOf(name, production = process.env.NODE_ENV === 'production') {
  if (production) {
    const { cwd, args } = BUILT[name];
    return [process.execPath, args, path.join(root, cwd)];
  }
  return ['pnpm', ['--silent', '--filter', DEV[name], 'run', 'dev'], root];
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const name = process.argv[2];
  if (!Object.hasOwn(DEV, name)) {
    console.error(`Usage: node scripts/run.mjs ${Object.keys(DEV).join('|')}`);
    process.exit(2);
  }
  const production = process.env.NODE_ENV === 'production';
  const missing = production ? missingBuild([name]) : [];
  if (missing.length > 0) {
    console.error(`NODE_ENV=production runs the built output, and ${missing.join(', ')} is missing: run pnpm build first.`);
    process.exit(1);
  }
  const [command, args, cwd] = commandOf(name, production);
  const env = { ...process.env };
  // adapter-node listens on PORT: the web app's port is WEB_PORT here, as in scripts/start.mjs.
  if (name === 'web' && production) {
    env.PORT = process.env.WEB_PORT || '3000';
    env.ORIGIN ??= `http://localhost:${env.PORT}`;
    // A case image on its way to the API's POST /uploads must get through adapter-node's limit.
    env.BODY_SIZE_LIMIT ??= String(Math.max(16 * 2 ** 20, (Number(env.UPLOAD_MAX_BYTES) || 10 * 2 ** 20) + 2 ** 20));
  }
  const child = spawn(command, args, { cwd, env, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.once('error', (err) => {
    console.error(`${name}: ${err.message}`);
    process.exit(1);
  });
  child.once('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 1)));
}
