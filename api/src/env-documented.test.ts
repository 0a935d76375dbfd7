import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENV_VARIABLES as WORKER_VARIABLES } from '@consilium/analytics/env';
import { ENV_VARIABLES as API_VARIABLES } from './env.ts';

const ENV_VARIABLES = [...new Set([...API_VARIABLES, ...WORKER_VARIABLES])];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const example = readFileSync(path.join(root, '.env.example'), 'utf8');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

describe('configuration documentation', () => {
  it('lists every variable the API and the worker read in .env.example and in the README’s table', () => {
    expect(API_VARIABLES.length).toBeGreaterThan(3);
    expect(WORKER_VARIABLES.length).toBeGreaterThan(3);
    expect(ENV_VARIABLES.filter((name) => !new RegExp(`^#?\\s*${name}=`, 'm').test(example)), '.env.example').toEqual([]);
    const tableRows = readme.split('\n').filter((line) => line.startsWith('| `'));
    expect(ENV_VARIABLES.filter((name) => !tableRows.some((row) => row.split('|')[1]!.includes(`\`${name}\``))), 'README').toEqual([]);
  });
});
