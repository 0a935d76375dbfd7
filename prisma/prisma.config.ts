import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';

const here = path.dirname(fileURLToPath(import.meta.url));

// Prisma Migrate normally downloads a native schema-engine binary from outside the npm
// registry; this machine (and air-gapped hospital installs) cannot. engine/schema-engine.mjs
// speaks the same JSON-RPC over the WebAssembly build of that engine, which is on npm.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(here, 'engine', 'schema-engine.mjs');

export default defineConfig({
  schema: path.join(here, 'schema.prisma'),
  migrations: { path: path.join(here, 'migrations') },
  datasource: {
    url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/consilium',
  },
});
