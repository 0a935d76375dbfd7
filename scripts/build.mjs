#!/usr/bin/env node
/**
 * `pnpm build`: the production build.
 *
 *   1. `prisma generate` (the generated client is TypeScript under prisma/src/generated and is
 *      bundled like the rest of the code);
 *   2. esbuild bundles each Node entry point — the API, its CLI (demo seed, admin), the analytics
 *      worker and the migration command — into one ES module under the package's dist/, with the
 *      workspace packages (@consilium/db, @consilium/jobs, …) inlined and everything from
 *      node_modules left as an import (argon2, sharp and pg have native parts or load files of
 *      their own);
 *   3. `vite build` of the web app with adapter-node (web/build).
 *
 * Why a bundler and not `tsc --outDir`: the workspace packages export their .ts sources
 * (package.json "exports"), which tests, tsx and vite use as they are; compiled packages would
 * need a second set of exports and a resolve condition in every tool. Bundling leaves all of
 * that as it is.
 *
 * The code finds files next to it with `import.meta.url` (fixtures, schema.graphql,
 * migrations/, var/uploads, the generated Prisma client's directory). In a bundle that URL is
 * the bundle's, so each source file's `import.meta.url` is rewritten to its own original
 * location, expressed relative to the bundle: the built code finds the same files as the
 * source does, wherever the checkout lives.
 *
 * `node scripts/build.mjs --node-only --no-generate` bundles the Node entry points only, with the
 * Prisma client `pnpm install` generated (the multi-process test suite builds this way, in ~2 s).
 */
import { spawnSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nodeOnly = process.argv.includes('--node-only');

/** Entry point (source) → bundle, relative to the repository root. */
export const ENTRIES = [
  ['prisma/src/cli/migrate.ts', 'prisma/dist/cli/migrate.js'],
  ['api/src/main.ts', 'api/dist/main.js'],
  ['api/src/cli/index.ts', 'api/dist/cli/index.js'],
  ['analytics/src/main.ts', 'analytics/dist/main.js'],
];

/**
 * Bare imports stay imports, except the workspace's own packages, which are bundled. A package
 * that the bundle's own package cannot see (pnpm links @prisma/adapter-pg into prisma/node_modules
 * only, yet the API's bundle contains @consilium/db's code) is imported by its path relative to
 * the bundle, as resolved from the file that imports it.
 */
function externals(outfile) {
  const outDir = path.dirname(outfile);
  const packageDir = path.dirname(outDir.replace(/[/\\]dist([/\\].*)?$/, '/dist'));
  return {
    name: 'node-modules-external',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.path.startsWith('@consilium/') || args.pluginData?.probing) return undefined;
        if (args.path.startsWith('node:') || builtinModules.includes(args.path)) return { path: args.path, external: true };
        const kind = args.kind;
        const probe = (resolveDir) => build.resolve(args.path, { resolveDir, kind, pluginData: { probing: true } });
        const fromImporter = await probe(args.resolveDir);
        if (fromImporter.errors.length > 0) return { errors: fromImporter.errors };
        const fromBundle = await probe(packageDir);
        if (fromBundle.errors.length === 0 && fromBundle.path === fromImporter.path) return { path: args.path, external: true };
        const relative = path.relative(outDir, fromImporter.path).split(path.sep).join('/');
        return { path: relative.startsWith('.') ? relative : `./${relative}`, external: true };
      });
    },
  };
}

/** Rewrites `import.meta.url` in the workspace's sources to the source file's own URL. */
function sourceUrls(outfile) {
  const outDir = path.dirname(outfile);
  return {
    name: 'source-import-meta-url',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const text = await readFile(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return { contents: text, loader: 'ts' };
        const relative = path.relative(outDir, args.path).split(path.sep).join('/');
        const own = `new URL(${JSON.stringify(relative)}, import.meta.url).href`;
        return { contents: text.replaceAll('import.meta.url', own), loader: 'ts' };
      });
    },
  };
}

function run(command, args, cwd = root) {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build: ${command} ${args.join(' ')} failed (${result.error?.message ?? `exit code ${result.status}`})`);
    process.exit(1);
  }
  return ((performance.now() - started) / 1000).toFixed(1);
}

export async function buildNode() {
  const started = performance.now();
  for (const dir of new Set(ENTRIES.map(([, out]) => out.split('/')[0]))) {
    await rm(path.join(root, dir, 'dist'), { recursive: true, force: true });
  }
  await Promise.all(
    ENTRIES.map(([entry, out]) => {
      const outfile = path.join(root, out);
      return esbuild.build({
        entryPoints: [path.join(root, entry)],
        // Code split: a dynamic import stays one (a chunk beside the entry), so that main.ts can
        // start tracing before the modules it patches (http, koa, pg) are imported; in one file,
        // every import of the bundle would run before main.ts does.
        outdir: path.dirname(outfile),
        entryNames: path.basename(outfile, '.js'),
        chunkNames: '[name]-[hash]',
        splitting: true,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        sourcemap: 'linked',
        // The CLI's name for unknown errors and pino's level names read better unminified.
        minify: false,
        logLevel: 'warning',
        plugins: [externals(outfile), sourceUrls(outfile)],
      });
    }),
  );
  return ((performance.now() - started) / 1000).toFixed(1);
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  if (!process.argv.includes('--no-generate')) {
    const generate = run('pnpm', ['--silent', '--filter', '@consilium/db', 'run', 'generate']);
    console.log(`build: Prisma client generated (${generate}s)`);
  }
  const node = await buildNode();
  console.log(`build: ${ENTRIES.map(([, out]) => out).join(', ')} (${node}s)`);
  if (!nodeOnly) {
    const web = run('pnpm', ['--silent', '--filter', '@consilium/web', 'run', 'build']);
    console.log(`build: web/build (adapter-node) (${web}s)`);
  }
}
