/**
 * A lazy SQL template for the compiler: fragments nest without being copied, and the statement is
 * flattened once (`toStatement`). Prisma.sql flattens at every level, which made compiling a page
 * cost more than half a millisecond.
 */
import { Prisma } from '@consilium/db';

class Param {
  constructor(readonly value: unknown) {}
}

export class Sql {
  constructor(readonly parts: ReadonlyArray<string | Sql | Param>) {}
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  const parts: Array<string | Sql | Param> = [strings[0]!];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    parts.push(value instanceof Sql ? value : new Param(value), strings[i + 1]!);
  }
  return new Sql(parts);
}

export const raw = (text: string): Sql => new Sql([text]);
export const empty = raw('');

export function join(list: Sql[], separator: string): Sql {
  const parts: Array<string | Sql> = [];
  list.forEach((item, i) => parts.push(...(i ? [separator] : []), item));
  return new Sql(parts);
}

/** The statement as queryRows takes it: text with $1… and its values. */
export function toStatement(statement: Sql): Prisma.Sql {
  const strings: string[] = [''];
  const values: unknown[] = [];
  const walk = (node: Sql) => {
    for (const part of node.parts) {
      if (typeof part === 'string') strings[strings.length - 1] += part;
      else if (part instanceof Sql) walk(part);
      else {
        values.push(part.value);
        strings.push('');
      }
    }
  };
  walk(statement);
  return new Prisma.Sql(strings, values as never[]);
}
