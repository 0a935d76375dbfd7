/**
 * The compiled fast path of the discussion's read pages (issue #12): a query whose every root
 * field the compiler knows (feed, thread, search, tags, rooms, specialties) is answered by one
 * SQL statement that writes the `data` JSON for the exact selection, sent as it comes, without
 * graphql-js resolving each of the page's ~600 fields. Anything else — a field not compiled, a
 * directive, a caller the root field's authScopes refuse, an argument its validation refuses, a
 * cursor `decodeCursor` rejects — falls through to normal execution, which gives its usual answer
 * or error. fast-path.int.test.ts proves the two byte-identical.
 */
import { Prisma, queryRows, SPECIALTIES, specialtyLabel } from '@consilium/db';
import { getOperationAST, getVariableValues, type ExecutionArgs, type FieldNode, type OperationDefinitionNode, type GraphQLField } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { viewerKey } from '../domain/discussion/actor.ts';
import { seesHiddenPosts } from '../domain/discussion/hidden-posts.ts';
import { argumentsOf, feed, search, tags, threadById, type Compilation, type FeedArgs } from './compile.ts';
import { join, raw, sql, toStatement, type Sql } from './sql.ts';
import { collectFields, NotCompilable, type Fragments } from './selection.ts';

/** The root fields the compiler serves (rootField below): a query of only these may take the fast path. */
export const FAST_ROOTS: ReadonlySet<string> = new Set(['feed', 'search', 'thread', 'tags', 'rooms', 'specialties', '__typename']);

/** Marks the fast path's statements (the statement budgets and the plan test see them). */
export const FAST_PATH_MARK = '/* fast-path */';

type Scopes = Record<string, boolean>;
const scopesOf = builder.options.scopeAuth!.authScopes as unknown as (ctx: Context) => Scopes;

/** Whether the root field's authScopes (any of the named scopes, as declared) let the viewer in; undefined if they are not plain scopes. */
function allowed(def: GraphQLField<unknown, unknown>, scopes: () => Scopes): boolean | undefined {
  const declared = (def.extensions as { pothosOptions?: { authScopes?: unknown } }).pothosOptions?.authScopes;
  if (declared === undefined) return true;
  if (typeof declared !== 'object' || declared === null) return undefined;
  const entries = Object.entries(declared);
  if (entries.some(([scope, value]) => scope.startsWith('$') || value !== true)) return undefined;
  return entries.some(([scope]) => scopes()[scope] === true);
}

interface StandardSchema {
  '~standard': { validate(value: unknown): { value?: unknown; issues?: unknown } | Promise<unknown> };
}

/** The arguments after the schema's validation (zod, with its transforms such as trim); undefined when it refuses any. */
function validated(def: GraphQLField<unknown, unknown>, args: Record<string, unknown>): Record<string, unknown> | undefined {
  const out = { ...args };
  for (const arg of def.args) {
    const schema = (arg.extensions as { pothosOptions?: { validate?: unknown } }).pothosOptions?.validate;
    if (schema === undefined) continue;
    if (typeof schema !== 'object' || schema === null || !('~standard' in schema)) throw new NotCompilable('validation');
    const result = (schema as StandardSchema)['~standard'].validate(args[arg.name]);
    if (result instanceof Promise) throw new NotCompilable('async validation');
    if ((result as { issues?: unknown }).issues) return undefined;
    if (arg.name in args) out[arg.name] = (result as { value?: unknown }).value;
  }
  return out;
}

type Root = { key: string; sql: Sql } | { key: string; text: string };

function rootField(c: Compilation, ctx: Context, key: string, def: GraphQLField<unknown, unknown>, nodes: FieldNode[]): Root | undefined {
  const args = validated(def, argumentsOf(c, def, nodes[0]!));
  if (!args) return undefined;
  switch (def.name) {
    case 'feed':
      return { key, sql: feed(c, nodes, args as FeedArgs) };
    case 'search':
      return { key, sql: search(c, nodes, args as { query: string; first?: number; after?: string }) };
    case 'thread':
      return { key, sql: threadById(c, nodes, String(args.id)) };
    case 'tags':
      return { key, sql: tags(c, nodes, args.room as string | null) };
    case 'rooms':
      return { key, text: JSON.stringify(['general', ...SPECIALTIES.map((s) => s.code)]) };
    case 'specialties':
      return { key, text: specialties(c, ctx, nodes) };
    default:
      throw new NotCompilable(`Query.${def.name}`);
  }
}

function specialties(c: Compilation, ctx: Context, nodes: FieldNode[]): string {
  const fields = [...collectFields('Specialty', nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : [])), c.fragments)].map(([key, group]) => {
    const name = group[0]!.name.value;
    if (name !== 'code' && name !== 'label' && name !== '__typename') throw new NotCompilable(`Specialty.${name}`);
    return [key, name] as const;
  });
  return JSON.stringify(
    SPECIALTIES.map(({ code }) =>
      Object.fromEntries(fields.map(([key, name]) => [key, name === 'code' ? code : name === 'label' ? specialtyLabel(code, ctx.locale) : 'Specialty'])),
    ),
  );
}

/** A compiled document for one set of variables: the statement (its first value is the viewer's key) and the response around it. */
interface Plan {
  strings: string[] | null;
  values: unknown[];
  /** Whether the statement runs prepared (one of the first PREPARED texts). */
  prepared: boolean;
  roots: Array<{ key: string; column: string } | { key: string; text: string }>;
}

/**
 * Compiled plans by document (yoga's parse cache hands the same DocumentNode for the same query
 * text), operation, whether the viewer sees hidden posts, locale and variables. The viewer enters the statement only as
 * its first value (the pseudonym key) and authorization is checked on every request, so one plan
 * serves every viewer of the same page. At most PLANS plans in all (least recently used first out):
 * distinct cursors cannot grow it without bound.
 */
const documentIds = new WeakMap<object, number>();
let documents = 0;
const plans = new Map<string, Plan | null>();
const PLANS = 500;

/**
 * Statement texts run as prepared statements: PostgreSQL plans a page's statement (a few
 * kilobytes, dozens of sub-plans) in 3–5 ms, as long as a small page takes to run, so each
 * connection plans a text once and binds it afterwards. A text depends on the document and on
 * which arguments are set (the values are parameters), so the web's pages make a few dozen; the
 * first PREPARED texts of the process are prepared and any later one runs unprepared, so that
 * documents crafted by the thousand cannot fill every connection with prepared statements.
 */
const preparedTexts = new Set<string>();
const PREPARED = 64;

function preparable(text: string): boolean {
  if (preparedTexts.has(text)) return true;
  if (preparedTexts.size >= PREPARED) return false;
  preparedTexts.add(text);
  return true;
}

function compile(args: ExecutionArgs, ctx: Context, operation: OperationDefinitionNode, fragments: Fragments, variables: Record<string, unknown>): Plan | null {
  const c: Compilation = { schema: args.schema, fragments, variables, seesHidden: seesHiddenPosts(ctx.viewer), aliases: 0 };
  const roots: Root[] = [];
  try {
    const query = args.schema.getQueryType()!;
    for (const [key, nodes] of collectFields(query.name, [operation.selectionSet], fragments)) {
      const name = nodes[0]!.name.value;
      if (name === '__typename') {
        roots.push({ key, text: JSON.stringify(query.name) });
        continue;
      }
      const root = rootField(c, ctx, key, query.getFields()[name]!, nodes);
      if (!root) return null;
      roots.push(root);
    }
  } catch (err) {
    if (err instanceof NotCompilable || (err as { extensions?: { code?: string } }).extensions?.code === 'BAD_USER_INPUT') return null;
    throw err;
  }
  const sqlRoots = roots.flatMap((r, i) => ('sql' in r ? [sql`${r.sql} AS ${raw(`r${i}`)}`] : []));
  const statement = sqlRoots.length
    ? toStatement(sql`${raw(FAST_PATH_MARK)} WITH me AS MATERIALIZED (SELECT (SELECT id FROM pseudonym WHERE key = ${null}) AS id)
        SELECT ${join(sqlRoots, ', ')} FROM me`)
    : null;
  return {
    strings: statement ? [...statement.strings] : null,
    values: statement?.values ?? [],
    prepared: statement ? preparable(statement.strings.join('\u0000')) : false,
    roots: roots.map((r, i) => ('sql' in r ? { key: r.key, column: `r${i}` } : r)),
  };
}

/**
 * The response text of a query the fast path serves, or undefined for normal execution: a query
 * whose root fields the viewer may call (their authScopes, on every request) and whose selection
 * and arguments compile. Errors of the compiler's own making (NotCompilable, a refused argument,
 * cursor or page size) fall through.
 */
export async function serveFast(args: ExecutionArgs): Promise<string | undefined> {
  const planned = planFast(args);
  return planned && runFast(planned);
}

/** A query the fast path will serve: its plan, for the request's context. */
export interface PlannedRead {
  plan: Plan;
  ctx: Context;
}

/**
 * `serveFast`'s decision, before any statement: the plan when the viewer may call every root field
 * and the selection and arguments compile, else undefined (normal execution serves the query).
 */
export function planFast(args: ExecutionArgs): PlannedRead | undefined {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation || operation.operation !== 'query') return undefined;
  const ctx = args.contextValue as Context;
  const fragments: Fragments = {};
  for (const d of args.document.definitions) if (d.kind === 'FragmentDefinition') fragments[d.name.value] = d;
  const query = args.schema.getQueryType()!;
  let scopes: Scopes | undefined;
  try {
    for (const [, nodes] of collectFields(query.name, [operation.selectionSet], fragments)) {
      const name = nodes[0]!.name.value;
      if (name === '__typename') continue;
      const def = query.getFields()[name];
      if (!def || allowed(def, () => (scopes ??= scopesOf(ctx))) !== true) return undefined;
    }
  } catch (err) {
    if (err instanceof NotCompilable) return undefined;
    throw err;
  }
  const coerced = getVariableValues(args.schema, operation.variableDefinitions ?? [], (args.variableValues ?? {}) as Record<string, unknown>);
  if (coerced.errors) return undefined;
  let id = documentIds.get(args.document);
  if (id === undefined) documentIds.set(args.document, (id = ++documents));
  const key = `${id}|${args.operationName ?? ''}|${seesHiddenPosts(ctx.viewer)}|${ctx.locale}|${JSON.stringify(coerced.coerced)}`;
  let plan = plans.get(key);
  if (plan === undefined) {
    plan = compile(args, ctx, operation, fragments, coerced.coerced);
    if (plans.size >= PLANS) plans.delete(plans.keys().next().value!);
  } else plans.delete(key);
  plans.set(key, plan);
  return plan ? { plan, ctx } : undefined;
}

/** Runs a planned read's statement on `ctx.db` as it is when called (the replica, when routed there): the response text. */
export async function runFast({ plan, ctx }: PlannedRead): Promise<string> {
  let row: Record<string, string> = {};
  if (plan.strings !== null) {
    const values = [viewerKey(ctx), ...plan.values.slice(1)];
    [row] = (await queryRows<Record<string, string>>(ctx.db, new Prisma.Sql(plan.strings, values as never[]), { prepared: plan.prepared })) as [Record<string, string>];
  }
  return `{"data":{${plan.roots.map((r) => `${JSON.stringify(r.key)}:${'column' in r ? row[r.column] : r.text}`).join(',')}}}`;
}

/** The envelop plugin: the fast path when `enabled`, normal execution otherwise and for anything it does not serve. */
export function fastPathPlugin(enabled: boolean): Plugin {
  if (!enabled) return {};
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn(async (args) => {
        const text = await serveFast(args);
        if (text === undefined) return executeFn(args);
        const result = { stringify: () => text } as { stringify: () => string; data?: unknown };
        // Read only by a plugin that looks at the data: parsed on demand.
        Object.defineProperty(result, 'data', { enumerable: true, get: () => (JSON.parse(text) as { data: unknown }).data });
        return result;
      });
    },
  };
}
