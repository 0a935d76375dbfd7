/**
 * The one gate of access-token callers on /graphql (docs/access-tokens.md). Before anything
 * executes (the fast path included), an operation sent with a personal access token is checked
 * root field by root field against `TOKEN_OPERATIONS`: a query whose every field the token's
 * scopes allow runs, counted against the token's rate limit; anything else — a mutation, any
 * other query, introspection — is refused whole with FORBIDDEN. A token that is unknown, revoked
 * or expired gets UNAUTHENTICATED for every operation, including those open to anyone: a script
 * must learn at once that its token no longer works.
 *
 * Default-deny: an operation added to the schema later is refused to tokens until it is listed.
 */
import { Kind, getOperationAST, GraphQLError, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.ts';
import { TOKEN_OPERATIONS, tokenForbidden } from '../domain/access-tokens.ts';
import { rateLimitedBy } from '../domain/rate-limits.ts';
import { unauthenticated } from '../errors.ts';

/** The root fields of the operation, fragments followed (aliases do not matter: the field's name does). */
function rootFields(document: DocumentNode, selectionSet: SelectionSetNode): string[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const names = new Set<string>();
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(selectionSet);
  names.delete('__typename');
  return [...names];
}

/**
 * The guard's decision for one operation: the error it is refused with, or null when it may run
 * (a token's allowed query is counted against the token's rate limit here). Both ways in call it:
 * yoga's plugin below and the lean path of the write hot spots (lean-mutations.ts).
 */
export async function accessTokenRefusal(ctx: Context, document: DocumentNode, operationName?: string | null): Promise<GraphQLError | null> {
  if (ctx.accessTokenRefusal === 'invalid') return unauthenticated('This access token is unknown, revoked or expired.', 'access_token_invalid');
  // An answer is served without reading the Authorization header (app.ts): a token's shape is
  // enough to refuse it, and nothing is looked up.
  if (ctx.accessTokenRefusal === 'answer') return tokenForbidden('Mutation.submitSurveyResponse');
  const token = ctx.viewer?.accessToken;
  if (!token) return null;
  const operation = getOperationAST(document, operationName);
  if (!operation) return null;
  const type = operation.operation === 'query' ? 'Query' : operation.operation === 'mutation' ? 'Mutation' : 'Subscription';
  for (const field of rootFields(document, operation.selectionSet)) {
    const coordinate = `${type}.${field}`;
    const scope = type === 'Query' ? TOKEN_OPERATIONS[coordinate] : undefined;
    if (!scope || !token.scopes.includes(scope)) return tokenForbidden(coordinate);
  }
  try {
    await ctx.rateLimits.accessTokenRequests.consume(token.id);
  } catch (err) {
    try {
      rateLimitedBy(err);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      return error;
    }
  }
  return null;
}

export function accessTokenGuardPlugin(): Plugin<Context> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const ctx = args.contextValue as Context & { leanMark?: object };
      // A lean execution handed back to yoga has passed this guard already (lean-mutations.ts).
      if (ctx.leanMark) return;
      const error = await accessTokenRefusal(ctx, args.document, args.operationName);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
