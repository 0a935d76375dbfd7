/** Test helpers: a database of this file's own, queues of each test's own, small factories. */
import { randomBytes, randomUUID } from 'node:crypto';
import { createDb, type Db } from '@consilium/db';
import { createTestDatabase, type TestDatabase } from '@consilium/db/testing';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { JobDeps } from '../jobs/job.ts';
import { createQueue, type AnalyticsQueue } from '@consilium/jobs/queue';
import { createWorker } from '../queues.ts';

export const REDIS_URL = 'redis://127.0.0.1:6379';
const PREFIX = 'consilium-test';

/** A migrated, empty database for the calling test file, dropped after it. */
export function useTestDatabase(): { readonly db: Db; readonly deps: JobDeps; readonly url: string } {
  let database: TestDatabase | undefined;
  let db: Db | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb({ url: database.url, poolMax: 4 });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });
  const log = pino({ level: 'silent' });
  return {
    get db() {
      if (!db) throw new Error('useTestDatabase(): the database exists only inside tests');
      return db;
    },
    get deps() {
      return { db: this.db, log };
    },
    get url() {
      if (!database) throw new Error('useTestDatabase(): the database exists only inside tests');
      return database.url;
    },
  };
}

/**
 * Queues and workers on a queue name unique to each test; everything is closed and the
 * queue's keys removed after the test.
 */
export function useQueues() {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    /** A fresh queue name and connection; `queue()`/`worker()` share them. */
    setup() {
      const name = `test-${randomUUID()}`;
      const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
      cleanups.push(() => connection.quit());
      const config = { connection, prefix: PREFIX, name };
      return {
        name,
        connection,
        queue(): AnalyticsQueue {
          const queue = createQueue(config);
          cleanups.push(async () => {
            await queue.obliterate({ force: true });
            await queue.close();
          });
          return queue;
        },
        worker(deps: JobDeps) {
          const worker = createWorker({ ...config, concurrency: 1, deps });
          worker.on('error', () => {});
          cleanups.push(() => worker.close());
          return worker;
        },
      };
    },
  };
}

/** Small factories: rows with only what a test cares about spelled out. */
export function factories(db: () => Db) {
  return {
    async account({ language = 'fr' }: { language?: 'fr' | 'en' } = {}) {
      return db().account.create({
        data: { email: `${randomUUID()}@example.test`, passwordHash: 'not-a-real-hash', role: 'PHYSICIAN', language },
      });
    },
    async session(accountId: string, expiresInMs: number) {
      return db().session.create({
        data: { accountId, tokenHash: new Uint8Array(randomBytes(32)), expiresAt: new Date(Date.now() + expiresInMs) },
      });
    },
  };
}
