import { createServer } from 'node:http';
import { createDb } from '@consilium/db';
import { configureOrExit } from '@consilium/jobs/services';
import { Redis } from 'ioredis';
import { buildApp } from './app.ts';
import { createReportBuilds } from './domain/reports/builds.ts';
import { parseEnv } from './env.ts';
import { createLogger } from './log.ts';

const env = await configureOrExit(parseEnv);

const log = createLogger(env);
const db = createDb({ url: env.DATABASE_URL });
const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2 });
redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));

const reportBuilds = createReportBuilds({ db, log, redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX });

const { app } = buildApp({ env, db, redis, log, reportBuilds });
const server = createServer(app.callback());
server.requestTimeout = 30_000;
server.listen(env.PORT, env.HOST, () => log.info({ port: env.PORT }, `API listening on http://localhost:${env.PORT}/graphql`));

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  log.info({ signal }, 'shutting down');
  server.close();
  server.closeIdleConnections();
  await Promise.allSettled([db.$disconnect(), redis.quit(), reportBuilds.close()]);
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
