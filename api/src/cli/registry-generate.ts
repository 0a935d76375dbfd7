/** `pnpm cli registry:generate --registry RPPS|NPI --rows N [--seed S] FILE`: a synthetic extract. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateRegistryFile } from '../domain/registry/generate.ts';
import { IMPORTABLE_REGISTRIES, type ImportableRegistry } from '../domain/registry/import.ts';

const USAGE = 'usage: pnpm cli registry:generate --registry RPPS|NPI --rows N [--seed S] FILE';

function isImportable(value: string | undefined): value is ImportableRegistry {
  return (IMPORTABLE_REGISTRIES as readonly string[]).includes(value ?? '');
}

export async function registryGenerate(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { registry: { type: 'string' }, rows: { type: 'string' }, seed: { type: 'string' } } });
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const rows = Number(values.rows);
  const seed = Number(values.seed ?? 1);
  if (!isImportable(values.registry) || !Number.isSafeInteger(rows) || rows < 0 || !Number.isSafeInteger(seed) || positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const file = path.resolve(positionals[0]!);
  const started = performance.now();
  await generateRegistryFile(file, { registry: values.registry, rows, seed });
  console.log(`wrote ${rows} ${values.registry} rows to ${file} in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  return 0;
}
