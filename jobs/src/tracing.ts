/**
 * OpenTelemetry tracing, for the API and the worker: off unless OTEL_EXPORTER_OTLP_ENDPOINT is
 * set. The SDK and its instrumentations are imported here only, and this module only when the
 * variable is set (main.ts imports it dynamically, before the rest of the process), so a process
 * without it loads none of it and pays nothing.
 *
 * What leaves the process is held to the same rule as the logs: no account id, pseudonym, e-mail,
 * answer or address. The pg instrumentation never records statement parameters (its
 * `enhancedDatabaseReporting` stays off), and every span's attributes are cut down to an allow
 * list before export: a URL's query string (a GET GraphQL request carries its variables there, a
 * report link its signature), a path with an id in it, a client address or user agent never leave.
 */
import { register } from 'node:module';
import type { Attributes } from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';

/** Attributes that describe the kind of work, never who asked or about what. */
const KEPT_ATTRIBUTES = new Set([
  'http.method', 'http.request.method', 'http.route', 'http.status_code', 'http.response.status_code', 'http.flavor',
  'network.protocol.version', 'http.scheme', 'url.scheme',
  'koa.type', 'koa.name',
  'db.system', 'db.system.name', 'db.name', 'db.namespace', 'db.operation', 'db.operation.name', 'db.statement', 'db.query.text',
  'graphql.operation.name', 'graphql.operation.type',
  'exception.type',
]);

const STATEMENT_ATTRIBUTES = new Set(['db.statement', 'db.query.text']);

/** A statement's text with its literals blanked: statements are parameterised, but a literal in SQL text would otherwise leave as it is. */
function blankLiterals(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'/g, "'?'").replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '?');
}

/** Exported for its unit test: the attributes of a span as they may leave the process. */
export function allowedAttributes(attributes: Attributes): Attributes {
  const kept: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (!KEPT_ATTRIBUTES.has(key)) continue;
    kept[key] = STATEMENT_ATTRIBUTES.has(key) && typeof value === 'string' ? blankLiterals(value) : value;
  }
  return kept;
}

function redactingProcessor(): SpanProcessor {
  return {
    onStart() {},
    onEnd(span) {
      // An ended span is only read from here on (by the exporter's processor, next in line).
      const writable = span as unknown as { attributes: Attributes; events: Array<{ attributes?: Attributes }> };
      writable.attributes = allowedAttributes(span.attributes);
      for (const event of writable.events) event.attributes = event.attributes && allowedAttributes(event.attributes);
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}

export interface TracingOptions {
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL; spans go to `<endpoint>/v1/traces` (OTLP over HTTP, JSON). */
  endpoint: string;
  serviceName: 'consilium-api' | 'consilium-worker';
}

/**
 * Starts the SDK. Must run before the modules it instruments (http, koa, pg) are imported: the
 * ESM loader hook is registered first, so that their later imports are patched.
 */
export async function startTracing({ endpoint, serviceName }: TracingOptions): Promise<{ shutdown(): Promise<void> }> {
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  const [{ NodeSDK }, { BatchSpanProcessor }, { OTLPTraceExporter }, { HttpInstrumentation }, { KoaInstrumentation }, { PgInstrumentation }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/sdk-trace'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-koa'),
    import('@opentelemetry/instrumentation-pg'),
  ]);
  const exporter = new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` });
  const sdk = new NodeSDK({
    serviceName,
    spanProcessors: [redactingProcessor(), new BatchSpanProcessor({ exporter })],
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes every few seconds would drown the traces that matter.
        ignoreIncomingRequestHook: (req) => /^\/(healthz|readyz|metrics)\b/.test(req.url ?? ''),
      }),
      new KoaInstrumentation(),
      new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}

/**
 * What a process's main.ts runs first, before it imports anything else: starts tracing when the
 * configuration names a collector. A configuration that does not parse starts nothing; the
 * process's own start-up check says what is wrong with it a moment later.
 */
export async function startTracingIfConfigured(endpointOf: () => string | undefined, serviceName: TracingOptions['serviceName']): Promise<{ shutdown(): Promise<void> } | undefined> {
  let endpoint: string | undefined;
  try {
    endpoint = endpointOf();
  } catch {
    return undefined;
  }
  return endpoint ? startTracing({ endpoint, serviceName }) : undefined;
}
