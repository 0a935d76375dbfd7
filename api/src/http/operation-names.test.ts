import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KNOWN_OPERATIONS } from './operation-names.ts';

const webSources = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'web', 'src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full);
    return /\.(ts|svelte)$/.test(name) ? [full] : [];
  });
}

describe('the operation names the metrics know', () => {
  it('include every operation the web app sends', () => {
    const named = new Set(filesUnder(webSources).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\b(?:query|mutation|subscription) ([A-Z]\w*)/g)].map((m) => m[1]!)));
    expect(named.size).toBeGreaterThan(50);
    const missing = [...named].filter((name) => !KNOWN_OPERATIONS.has(name));
    expect(missing, 'add these to api/src/http/operation-names.ts').toEqual([]);
  });
});
