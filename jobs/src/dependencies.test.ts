/**
 * The dependency rule of the workspace, checked over the import graph of every source file:
 *
 *   web ──▶ api ──▶ jobs ──▶ db        analytics ──▶ jobs ──▶ db
 *
 * The API never imports the worker's code (analytics): what they share — job names and payloads,
 * the queue, report states and when a report is due, the report's shape, start-up checks — is
 * this package. Tests may reach across (an API test runs the worker's build); production code
 * may not.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Which workspace packages each package's production code may import. */
const ALLOWED: Record<string, string[]> = {
  db: [],
  jobs: ['db'],
  analytics: ['db', 'jobs'],
  api: ['db', 'jobs'],
  web: ['db', 'api'],
};
const FOLDERS: Record<string, string> = { db: 'prisma/src', jobs: 'jobs/src', analytics: 'analytics/src', api: 'api/src', web: 'web/src' };

const isTestFile = (file: string) => /\.test\.ts$/.test(file) || /[\\/](test|e2e)[\\/]/.test(file) || /[\\/]generated[\\/]/.test(file);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|svelte)$/.test(name) ? [full] : [];
  });
}

/** The module specifiers a file imports (static, dynamic and re-exports); a .svelte file's scripts. */
function importsOf(text: string, file: string): string[] {
  const code = file.endsWith('.svelte') ? [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n') : text;
  return ts.preProcessFile(code, true, true).importedFiles.map((f) => f.fileName);
}

/** The workspace package a specifier names (`@consilium/jobs/queue` → jobs), or null. */
function workspacePackage(specifier: string): string | null {
  const match = /^@consilium\/([a-z-]+)/.exec(specifier);
  return match ? match[1]! : null;
}

/** Every import of production code that breaks the rule, as "file → specifier". */
function violations(files: Array<{ pkg: string; file: string; text: string }>): string[] {
  return files.flatMap(({ pkg, file, text }) =>
    importsOf(text, file)
      .filter((specifier) => {
        const target = workspacePackage(specifier);
        return target !== null && target !== pkg && !ALLOWED[pkg]!.includes(target);
      })
      .map((specifier) => `${path.relative(root, file)} → ${specifier}`),
  );
}

describe('the dependency rule', () => {
  it('holds for every production source file of the workspace', () => {
    const files = Object.entries(FOLDERS).flatMap(([pkg, folder]) =>
      sourceFiles(path.join(root, folder))
        .filter((file) => !isTestFile(file))
        .map((file) => ({ pkg, file, text: readFileSync(file, 'utf8') })),
    );
    expect(files.length).toBeGreaterThan(150);
    expect(violations(files)).toEqual([]);
  });

  it('would catch the API importing the worker, or the worker importing the API', () => {
    const found = violations([
      { pkg: 'api', file: path.join(root, 'api/src/x.ts'), text: "import { buildReport } from '@consilium/analytics/reports-build';" },
      { pkg: 'analytics', file: path.join(root, 'analytics/src/x.ts'), text: "const m = await import('@consilium/api/language');" },
      { pkg: 'jobs', file: path.join(root, 'jobs/src/x.ts'), text: "export { x } from '@consilium/analytics/job';" },
      { pkg: 'web', file: path.join(root, 'web/src/X.svelte'), text: "<script lang=\"ts\">import { q } from '@consilium/analytics/queues';</script>" },
      { pkg: 'api', file: path.join(root, 'api/src/ok.ts'), text: "import { createQueue } from '@consilium/jobs/queue';\nimport { db } from '@consilium/db';" },
    ]);
    expect(found).toEqual([
      'api/src/x.ts → @consilium/analytics/reports-build',
      'analytics/src/x.ts → @consilium/api/language',
      'jobs/src/x.ts → @consilium/analytics/job',
      'web/src/X.svelte → @consilium/analytics/queues',
    ]);
  });
});
