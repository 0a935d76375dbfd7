/**
 * The lean path of the write hot spots (issue #12): an answer (`submitSurveyResponse`), a token
 * (`issueSurveyToken`) and a sign-in (`login`). Yoga's request pipeline (the fetch-API bridge,
 * its body stream, parameter and result processing, envelop's hooks) cost more Node CPU per write
 * than the write's own SQL; this path parses the JSON body itself and runs the same resolver
 * through the executor yoga uses (`normalizedExecutor`), so that the same Pothos auth scopes,
 * argument validation and domain code decide, in the same context.
 *
 * What it takes, and nothing else (anything else goes to yoga unchanged):
 * - a POST of `application/json` without an `Idempotency-Key` (the idempotency plugin wraps those)
 *   or an `Origin` (CORS is yoga's), whose `Accept` yoga would answer with JSON;
 * - whose query text yoga has already validated and executed once in this process (`learn`, an
 *   envelop plugin: so the armor limits and every validation rule passed on that text), a document
 *   of one mutation with one root field of the three (any selection below it, fragments included),
 *   no directive on the operation or that field.
 *
 * A personal access token is checked by the same guard as in yoga (`accessTokenRefusal`, on the
 * context `requestContext` built: the token read with the session), so such a request may come
 * here too; its refusal is handed to yoga like any result with errors.
 *
 * Only a result without errors is answered here (`{"data":…}` with status 200, as yoga would). A
 * result with errors is handed to yoga as it came out of the resolver (`replay`): yoga masks,
 * maps and counts its errors and chooses the status as it does for any request, without running
 * the mutation a second time. lean-mutations.int.test.ts compares both paths' answers.
 *
 * The discussion's reads take the same path when the compiled fast path is on: a query whose every
 * root field the compiler serves (fast-path/plugin.ts's FAST_ROOTS), once yoga has executed its
 * text. It runs the same access-token guard, the same replica routing (replica/routing.ts) and
 * `serveFast` itself, and answers the statement's JSON text as it comes. A query `serveFast` does not
 * serve (a caller its root fields' scopes refuse, an argument they refuse) goes to yoga with the
 * context already read, so the session is read once. fast-path.int.test.ts compares the answers of
 * the three paths (this one over HTTP, yoga's fast path, normal execution) byte for byte.
 */
import { normalizedExecutor } from '@graphql-tools/executor';
import { Kind, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.ts';
import { FAST_ROOTS, planFast, runFast } from '../fast-path/plugin.ts';
import { onReplica, readsReplica } from '../replica/routing.ts';
import type { ReplicaMonitor } from '../replica/monitor.ts';
import { accessTokenRefusal } from './access-token-guard.ts';

const LEAN_FIELDS = new Set(['submitSurveyResponse', 'issueSurveyToken', 'login']);
const LEAN_NAMES = /submitSurveyResponse|issueSurveyToken|login/;
/** Query texts seen valid by yoga, at most this many (the web's documents and a few others). */
const KNOWN = 64;

export interface LeanOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The mutation's one root field, or `read` for a query of the fast path's root fields. */
  field: string;
}

/**
 * The operation when the document has the lean shape (see the file's comment), else null; a query
 * only when `reads` (the fast path is on).
 */
export function leanShape(document: DocumentNode, reads = false): LeanOperation | null {
  const operations = document.definitions.filter((d) => d.kind !== Kind.FRAGMENT_DEFINITION);
  if (operations.length !== 1) return null;
  const operation = operations[0]!;
  if (operation.kind !== Kind.OPERATION_DEFINITION || operation.directives?.length) return null;
  if (operation.variableDefinitions?.some((v) => v.directives?.length)) return null;
  const roots = operation.selectionSet.selections;
  if (operation.operation === 'query' && reads) {
    const plain = roots.every((root) => root.kind === Kind.FIELD && !root.directives?.length && FAST_ROOTS.has(root.name.value));
    return plain && roots.length > 0 ? { document, operation, field: 'read' } : null;
  }
  if (operation.operation !== 'mutation') return null;
  if (roots.length !== 1 || roots[0]!.kind !== Kind.FIELD) return null;
  const root = roots[0]!;
  if (!LEAN_FIELDS.has(root.name.value) || root.directives?.length) return null;
  return { document, operation, field: root.name.value };
}

/**
 * What the lean path knows: query texts yoga validated, and the results it hands back to yoga.
 * `reads`: the fast path is on, so its queries may come here too; `replica`: where they may read.
 */
export function createLeanMutations(schema: GraphQLSchema, { reads = false, replica = null }: { reads?: boolean; replica?: ReplicaMonitor | null } = {}) {
  const known = new Map<string, LeanOperation>();
  let knowsReads = false;
  const replays = new WeakMap<object, ExecutionResult>();

  /**
   * The envelop plugin, last in the list: learns each lean-shaped text yoga has validated, and
   * gives yoga the result of a lean execution that had errors instead of executing again.
   */
  const plugin: Plugin<Context & { params?: { query?: string }; leanMark?: object }> = {
    onExecute({ args, setExecuteFn }) {
      const ctx = args.contextValue;
      const replay = replays.get(ctx.leanMark ?? {});
      if (replay) {
        setExecuteFn(() => replay);
        return;
      }
      const text = ctx.params?.query;
      if (typeof text !== 'string' || known.has(text)) return;
      const shape = leanShape(args.document, reads);
      if (!shape) return;
      if (known.size >= KNOWN) known.delete(known.keys().next().value!);
      known.set(text, shape);
      knowsReads = [...known.values()].some((k) => k.field === 'read');
    },
  };

  /**
   * The request's JSON body when the lean path may take it: its known operation and variables;
   * null for anything yoga must see.
   */
  function accepts(headers: Record<string, string | string[] | undefined>, text: string | undefined): { operation: LeanOperation; variables: Record<string, unknown>; operationName?: string } | null {
    if (!text || headers['idempotency-key'] !== undefined || headers.origin !== undefined) return null;
    const type = headers['content-type'];
    if (typeof type !== 'string' || !/^application\/json\s*(;|$)/i.test(type)) return null;
    if (mediaType(headers.accept) === null) return null;
    // A cheap look before parsing: without a known read, a body without any of the three names is not for this path.
    if (known.size === 0 || (!knowsReads && !LEAN_NAMES.test(text))) return null;
    let params: unknown;
    try {
      params = JSON.parse(text);
    } catch {
      return null;
    }
    if (typeof params !== 'object' || params === null || Array.isArray(params)) return null;
    const { query, variables, operationName, extensions } = params as Record<string, unknown>;
    if (typeof query !== 'string' || extensions !== undefined) return null;
    const operation = known.get(query);
    if (!operation) return null;
    if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return null;
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
    return { operation, variables: (variables ?? {}) as Record<string, unknown>, ...(typeof operationName === 'string' ? { operationName } : {}) };
  }

  /**
   * Runs the operation's resolver (a read: the fast path); the result's JSON when it has no error,
   * else a mark for `replay` (a read the fast path does not serve: a mark without a result, so
   * that yoga executes it in this context).
   */
  async function run(
    request: NonNullable<ReturnType<typeof accepts>>,
    contextValue: Context,
  ): Promise<{ text: string; read: boolean } | { replay: object }> {
    // The access-token guard first, as in yoga (its plugin runs before any execution).
    const refused = await accessTokenRefusal(contextValue, request.operation.document, request.operationName);
    if (!refused && request.operation.field === 'read') {
      const args = { schema, document: request.operation.document, variableValues: request.variables, contextValue, operationName: request.operationName };
      // Decided before any routing, so that a read yoga will serve is routed (and counted) once, there.
      let planned: ReturnType<typeof planFast>;
      try {
        planned = planFast(args);
      } catch {
        planned = undefined; // yoga meets the same error and answers it as any other
      }
      if (!planned) return { replay: {} };
      const primary = contextValue.db;
      // A read that throws (a statement timeout, the primary unreachable) goes to yoga, which runs
      // it again and answers as it answers any error: a query only reads.
      const text = await (readsReplica(replica, contextValue, request.operation.operation)
        ? onReplica(replica, contextValue, () => runFast(planned), () => false)
        : runFast(planned)
      ).catch(() => undefined);
      if (text !== undefined) return { text, read: true };
      contextValue.db = primary;
      return { replay: {} };
    }
    // The executor yoga runs (its variable errors carry the status yoga answers them with).
    const result = refused
      ? { errors: [refused] }
      : ((await normalizedExecutor({ schema, document: request.operation.document, variableValues: request.variables, contextValue, operationName: request.operationName })) as ExecutionResult);
    if (!result.errors?.length) return { text: JSON.stringify(result), read: false };
    const mark = {};
    replays.set(mark, result);
    return { replay: mark };
  }

  return { plugin, accepts, run, known };
}

/**
 * The media type yoga answers a result without errors in, for the request's Accept: JSON or
 * GraphQL-over-HTTP's own, whichever the client lists first; null when the Accept is anything
 * else (yoga decides those).
 */
export function mediaType(accept: string | string[] | undefined): 'application/json' | 'application/graphql-response+json' | null {
  if (accept === undefined || accept === '' || accept === '*/*') return 'application/json';
  if (typeof accept !== 'string') return null;
  const types = accept.split(',').map((part) => part.split(';')[0]!.trim().toLowerCase());
  for (const type of types) {
    if (type === 'application/json' || type === 'application/graphql-response+json') return type;
    if (type !== '') return null;
  }
  return null;
}
