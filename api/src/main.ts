/**
 * The API process. Tracing, when OTEL_EXPORTER_OTLP_ENDPOINT asks for it, patches http, koa and
 * pg as they are imported: so it starts first, and the server's modules are imported after it.
 */
import { startTracingIfConfigured } from '@consilium/jobs/tracing';
import { parseEnv } from './env.ts';

const tracing = await startTracingIfConfigured(() => parseEnv().OTEL_EXPORTER_OTLP_ENDPOINT, 'consilium-api');
const { serve } = await import('./serve.ts');
await serve(tracing);
