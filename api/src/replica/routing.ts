/**
 * Which database a GraphQL operation reads (docs/deployment.md, "Read replicas").
 *
 * A query whose every root field is one of READ_FROM_REPLICA reads the replica when the monitor
 * allows it; everything else (mutations, the session check, account and admin pages) uses the
 * primary. Read-your-writes: after a mutation the response carries `X-Read-Primary-Until` (a time,
 * in ms since the epoch); a client that sends it back reads the primary until then. The web app
 * keeps it in a short-lived cookie. The mark lives with the client only: the API keeps no record
 * of who wrote when (a server-side "session S wrote at T" would sit beside pseudonymous posts).
 * A routed query that cannot reach the replica is run again on the primary: queries only read.
 */
import { getOperationAST, type ExecutionResult, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.ts';
import type { ReplicaMonitor } from './monitor.ts';

/** The root fields served from the replica: the discussion's pages and finished reports. */
export const READ_FROM_REPLICA: ReadonlySet<string> = new Set([
  'feed', 'thread', 'search', 'tags', 'rooms', 'specialties', 'postHistory',
  'report', 'transparency', 'transparencyPage', '__typename',
]);

export const READ_PRIMARY_HEADER = 'x-read-primary-until';

/**
 * How long after a write its author reads the primary: the longest lag the replica may have, and
 * two checks of it (the lag is measured, not known at each instant).
 */
export function readYourWritesMs(maxLagMs: number, checkMs: number): number {
  return maxLagMs + 2 * checkMs;
}

/** The `X-Read-Primary-Until` a client sent, if it is still ahead (and not absurdly far ahead). */
export function readPrimaryUntil(header: string | null, windowMs: number, now = Date.now()): number {
  if (!header || !/^\d{1,15}$/.test(header)) return 0;
  const until = Number(header);
  return until > now && until <= now + windowMs ? until : 0;
}

function rootFields(selectionSet: SelectionSetNode, into: string[]): boolean {
  for (const selection of selectionSet.selections) {
    if (selection.kind === 'Field') into.push(selection.name.value);
    else if (selection.kind === 'InlineFragment') {
      if (!rootFields(selection.selectionSet, into)) return false;
    } else return false; // a named fragment at the root: not worth resolving, the primary serves it
  }
  return true;
}

const CONNECTION_FAILURE = /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ETIMEDOUT|Connection terminated|connection timeout|terminating connection|the database system is (starting up|shutting down|in recovery mode)|Can't reach database server|P1001|P1017/i;

/** Whether an error (or one of its causes) is a failure to reach the database, not a wrong query. */
export function isConnectionFailure(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const { message, code, cause, originalError } = err as { message?: unknown; code?: unknown; cause?: unknown; originalError?: unknown };
  if (typeof code === 'string' && CONNECTION_FAILURE.test(code)) return true;
  if (typeof message === 'string' && CONNECTION_FAILURE.test(message)) return true;
  return isConnectionFailure(cause, depth + 1) || isConnectionFailure(originalError, depth + 1);
}

/** The response's `X-Read-Primary-Until` for requests that ran a mutation, keyed by request. */
const wrote = new WeakMap<Request, number>();

/**
 * Whether a query reads the replica now: every root field is one of READ_FROM_REPLICA, the caller
 * wrote nothing lately, and the monitor finds the replica usable. When the query is eligible but
 * stays on the primary, the reason is counted.
 */
export function readsReplica(replica: ReplicaMonitor | null, ctx: Context, operation: OperationDefinitionNode): replica is ReplicaMonitor {
  if (!replica || operation.operation !== 'query') return false;
  const fields: string[] = [];
  if (!rootFields(operation.selectionSet, fields) || !fields.every((name) => READ_FROM_REPLICA.has(name))) return false;
  if ((ctx.readPrimaryUntil ?? 0) > Date.now()) {
    replica.counts.primary['recent-write']++;
    return false;
  }
  if (!replica.usable()) {
    replica.counts.primary[replica.state().status === 'lagging' ? 'lagging' : 'down']++;
    return false;
  }
  return true;
}

/**
 * Runs a routed read with `ctx.db` on the replica; when it cannot reach the replica (`failed`
 * says so of a result, or it throws a connection failure), marks the replica down and runs it
 * again on the primary. `ctx.db` is the primary again afterwards only when it failed over.
 */
export async function onReplica<T>(replica: ReplicaMonitor, ctx: Context, run: () => Promise<T>, failed: (result: T) => boolean): Promise<T> {
  const primary = ctx.db;
  ctx.db = replica.db;
  try {
    const result = await run();
    if (!failed(result)) {
      replica.counts.replica++;
      return result;
    }
  } catch (err) {
    if (!isConnectionFailure(err)) throw err;
  }
  replica.markDown();
  replica.counts.primary['failed-over']++;
  ctx.db = primary;
  return run();
}

/**
 * The envelop plugin: routes eligible queries to `replica` and marks mutations' responses. With no
 * replica it still marks mutations, so that clients behave the same whether or not one is set.
 */
export function readRoutingPlugin(replica: ReplicaMonitor | null, windowMs: number): Plugin<Context & { request: Request }> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const ctx = args.contextValue;
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) return;
      if (operation.operation === 'mutation') {
        // Not for an anonymous answer: its response goes to a relay that keeps no session anyway.
        if (ctx.viewer) wrote.set(ctx.request, Date.now() + windowMs);
        return;
      }
      if (!readsReplica(replica, ctx, operation)) return;
      setExecuteFn((executeArgs) =>
        onReplica(replica, executeArgs.contextValue as Context, () => executeFn(executeArgs), (result) =>
          ((result as ExecutionResult).errors ?? []).some((error) => isConnectionFailure(error)),
        ),
      );
    },
    onResponse({ request, response }) {
      const until = wrote.get(request);
      if (until !== undefined) response.headers.set(READ_PRIMARY_HEADER, String(until));
    },
  };
}
