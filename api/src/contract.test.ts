/**
 * The printed Pothos schema holds to the public contract (api/contract.graphql, a copy of
 * shared/docs/api-contract.graphql): every type, field, argument and enum value the contract
 * names exists with the same type, and nothing of it is missing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildSchema,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  isEnumType,
  isInputObjectType,
  isObjectType,
  isScalarType,
  printSchema,
  lexicographicSortSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { printedSchema } from './cli/schema-print.ts';
import { schema } from './schema/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const contract = buildSchema(readFileSync(path.join(here, '..', 'contract.graphql'), 'utf8'));

function kindOf(type: GraphQLNamedType): string {
  if (isObjectType(type)) return 'object';
  if (isInputObjectType(type)) return 'input';
  if (isEnumType(type)) return 'enum';
  if (isScalarType(type)) return 'scalar';
  return 'other';
}

function compare() {
  const missing: string[] = [];
  const mismatches: string[] = [];
  const ours = schema.getTypeMap();
  for (const [name, theirs] of Object.entries(contract.getTypeMap())) {
    if (name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(name)) continue;
    const mine = ours[name];
    if (!mine) {
      missing.push(name);
      continue;
    }
    if (kindOf(mine) !== kindOf(theirs)) mismatches.push(`${name}: ${kindOf(mine)} instead of ${kindOf(theirs)}`);
    if (isEnumType(theirs) && isEnumType(mine)) {
      for (const value of theirs.getValues()) {
        if (!mine.getValue(value.name)) mismatches.push(`${name}.${value.name}: enum value missing`);
      }
      continue;
    }
    if ((isObjectType(theirs) || isInputObjectType(theirs)) && (isObjectType(mine) || isInputObjectType(mine))) {
      const myFields = mine.getFields() as Record<string, GraphQLField<unknown, unknown> | GraphQLInputField>;
      for (const field of Object.values(theirs.getFields()) as Array<GraphQLField<unknown, unknown> | GraphQLInputField>) {
        const coordinate = `${name}.${field.name}`;
        const myField = myFields[field.name];
        if (!myField) {
          missing.push(coordinate);
          continue;
        }
        if (String(myField.type) !== String(field.type)) mismatches.push(`${coordinate}: ${String(myField.type)} instead of ${String(field.type)}`);
        if ('args' in field && 'args' in myField) mismatches.push(...compareArgs(coordinate, field.args, myField.args));
      }
      if (isInputObjectType(mine)) {
        for (const extra of Object.values(mine.getFields())) {
          if (!(extra.name in theirs.getFields()) && String(extra.type).endsWith('!') && extra.defaultValue === undefined) {
            mismatches.push(`${name}.${extra.name}: a required input field the contract does not have`);
          }
        }
      }
    }
  }
  return { missing, mismatches };
}

function compareArgs(coordinate: string, theirs: readonly GraphQLArgument[], mine: readonly GraphQLArgument[]): string[] {
  const problems: string[] = [];
  for (const arg of theirs) {
    const myArg = mine.find((a) => a.name === arg.name);
    if (!myArg) problems.push(`${coordinate}(${arg.name}): argument missing`);
    else if (String(myArg.type) !== String(arg.type)) problems.push(`${coordinate}(${arg.name}): ${String(myArg.type)} instead of ${String(arg.type)}`);
    else if (JSON.stringify(myArg.defaultValue) !== JSON.stringify(arg.defaultValue)) problems.push(`${coordinate}(${arg.name}): default differs`);
  }
  for (const extra of mine) {
    if (!theirs.some((a) => a.name === extra.name) && String(extra.type).endsWith('!') && extra.defaultValue === undefined) {
      problems.push(`${coordinate}(${extra.name}): a required argument the contract does not have`);
    }
  }
  return problems;
}

describe('the API contract', () => {
  const { missing, mismatches } = compare();

  it('has no mismatch between the schema and the contract', () => {
    expect(mismatches).toEqual([]);
  });

  it('is built whole: every type, field, argument and enum value of the contract exists', () => {
    expect(missing).toEqual([]);
  });

  it('is committed as api/schema.graphql, up to date', () => {
    const committed = readFileSync(path.join(here, '..', 'schema.graphql'), 'utf8');
    expect(committed, 'run `pnpm --filter @consilium/api print-schema`').toBe(printedSchema());
    expect(printSchema(lexicographicSortSchema(schema))).toContain('type Account');
  });
});
