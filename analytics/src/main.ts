/**
 * The analytics worker. Tracing, when OTEL_EXPORTER_OTLP_ENDPOINT asks for it, patches pg as it
 * is imported: so it starts first, and the worker's modules are imported after it.
 */
import { startTracingIfConfigured } from '@consilium/jobs/tracing';
import { parseEnv } from './env.ts';

const tracing = await startTracingIfConfigured(() => parseEnv().OTEL_EXPORTER_OTLP_ENDPOINT, 'consilium-worker');
const { runWorkerProcess } = await import('./worker-process.ts');
await runWorkerProcess({}, tracing);
