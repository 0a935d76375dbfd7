import { print } from '@0no-co/graphql.web';
import type { TadaDocumentNode } from 'gql.tada';
import { ApiError, ApiUnavailableError, type GraphQLErrorPayload } from './errors.ts';

export interface ApiClientOptions {
  url: string;
  /** The session token, sent as `Authorization: Bearer`. */
  token: string | null;
  /** Sent as `Accept-Language`: the API localises its messages and labels; null sends none. */
  locale: string | null;
  /** The visitor's address, sent as `X-Forwarded-For`: the API rate-limits per IP; null sends none. */
  clientAddress: string | null;
  /** The visitor's browser, sent as `User-Agent`: the API labels a new session "Firefox on Android" from it (never stored raw). */
  userAgent?: string | null;
  /** Sent as `Idempotency-Key`: the API runs a request with this key once (see `idempotent`). */
  idempotencyKey?: string | null;
  /**
   * Sent as `X-Read-Primary-Until`: the mark the API returned after this visitor's last write, so
   * that their next pages read the primary database rather than a replica that may lag behind.
   */
  readPrimaryUntil?: string | null;
  /**
   * Sent as `X-Request-Id`: the id of the page request that made this call, so that the web server's
   * log line and the API's carry the same id (the API takes a well-formed one as its own).
   */
  requestId?: string | null;
  /** Called with the API's `X-Read-Primary-Until` after a write, to be sent back on later requests. */
  onReadPrimaryUntil?: (mark: string) => void;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

type VariablesArgs<V> = V extends { [key: string]: never } ? [] : [variables: V];

export interface ApiClient {
  /** Runs one operation; throws `ApiError` for GraphQL errors, `ApiUnavailableError` otherwise. */
  request<R, V>(document: TadaDocumentNode<R, V>, ...variables: VariablesArgs<V>): Promise<R>;
  /**
   * The same client, sending `key` as `Idempotency-Key` (null: none): a double submit or a retry
   * of one form gets the first answer again instead of creating twice.
   */
  idempotent(key: string | null): ApiClient;
}

interface GraphQLResponse {
  data?: unknown;
  errors?: GraphQLErrorPayload[];
}

function isGraphQLResponse(body: unknown): body is GraphQLResponse {
  if (typeof body !== 'object' || body === null) return false;
  const { data, errors } = body as Record<string, unknown>;
  return data !== undefined || Array.isArray(errors);
}

async function post(options: ApiClientOptions, query: string, variables: unknown): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
  };
  if (options.locale) headers['accept-language'] = options.locale;
  if (options.clientAddress) headers['x-forwarded-for'] = options.clientAddress;
  if (options.userAgent) headers['user-agent'] = options.userAgent;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  if (options.readPrimaryUntil) headers['x-read-primary-until'] = options.readPrimaryUntil;
  if (options.requestId) headers['x-request-id'] = options.requestId;
  try {
    return await (options.fetch ?? fetch)(options.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (cause) {
    // undici says "fetch failed" and puts the reason (ECONNREFUSED, timeout…) one level down.
    const reason = cause instanceof Error && cause.cause instanceof Error ? cause.cause.message : String(cause);
    throw new ApiUnavailableError(`API unreachable at ${options.url}: ${reason}`, { cause });
  }
}

/** A GraphQL client for one request's session, locale and visitor address. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  return {
    async request<R, V>(document: TadaDocumentNode<R, V>, ...args: VariablesArgs<V>): Promise<R> {
      const response = await post(options, print(document), args[0] ?? {});
      const mark = response.headers.get('x-read-primary-until');
      if (mark) options.onReadPrimaryUntil?.(mark);
      const body: unknown = await response.json().catch(() => null);
      if (!isGraphQLResponse(body)) {
        throw new ApiUnavailableError(`API answered HTTP ${response.status} without a GraphQL body`);
      }
      if (body.errors && body.errors.length > 0) throw new ApiError(body.errors);
      if (body.data === undefined || body.data === null) {
        throw new ApiUnavailableError('API answered without data');
      }
      // The document's own type describes `data`: gql.tada inferred it from the schema.
      return body.data as R;
    },
    idempotent: (key) => createApiClient({ ...options, idempotencyKey: key }),
  };
}
