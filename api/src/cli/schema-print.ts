import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from '../schema/index.ts';

export const SCHEMA_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'schema.graphql');

export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

/** Writes api/schema.graphql, committed so that every API change shows in a diff. */
export async function printSchemaFile(): Promise<string> {
  await writeFile(SCHEMA_FILE, printedSchema());
  return SCHEMA_FILE;
}
