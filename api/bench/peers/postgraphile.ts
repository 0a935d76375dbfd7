/**
 * PostGraphile 5 (Amber preset, no session check) over the bench database, for `pnpm bench:peers`:
 * the tables of `public` and the bench's `peers` schema (its search function, see peers-queries.ts).
 * Run as a child of bench/peers.ts: DATABASE_URL and PORT from its environment.
 */
import './promise-with-resolvers.ts';
import './statement-count.ts';
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const { DATABASE_URL, PORT } = process.env;
if (!DATABASE_URL || !PORT) throw new Error('postgraphile: DATABASE_URL and PORT are required');

const pgl = postgraphile({
  extends: [PostGraphileAmberPreset],
  // Ordering and conditions on every column, as the API's queries use them (not only the indexed ones).
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  pgServices: [makePgService({ connectionString: DATABASE_URL, schemas: ['public', 'peers'], poolConfig: { max: 10 } })],
  grafserv: { port: Number(PORT), graphiql: false },
  grafast: { explain: false },
});
const server = createServer();
server.on('error', (err) => {
  console.error(err);
  process.exit(1);
});
await pgl.createServ(grafserv).addTo(server);
server.listen(Number(PORT), '127.0.0.1', () => process.send?.({ ready: true }));
process.on('SIGTERM', () => void Promise.resolve(pgl.release()).finally(() => process.exit(0)));
