import { describe, expect, it } from 'vitest';
import { checkPostgres, checkRedis } from './services.ts';

describe('checkPostgres', () => {
  it('is null for a server that answers', async () => {
    expect(await checkPostgres('postgresql://postgres@127.0.0.1:5432/postgres')).toBeNull();
  });

  it('names the unreachable URL, masked, and how to start PostgreSQL', async () => {
    const message = await checkPostgres('postgresql://postgres:s3cret@127.0.0.1:1/consilium');
    expect(message).toBe(
      'PostgreSQL at postgresql://postgres:***@127.0.0.1:1/consilium is not reachable (ECONNREFUSED) — start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
    );
  });

  it('says when the database itself is missing', async () => {
    expect(await checkPostgres('postgresql://postgres@127.0.0.1:5432/consilium_no_such_db')).toMatch(/does not exist — create and migrate it with: pnpm db:migrate$/);
  });
});

describe('checkRedis', () => {
  it('is null for a server that answers', async () => {
    expect(await checkRedis('redis://127.0.0.1:6379')).toBeNull();
  });

  it('names the unreachable URL, masked, and how to start Redis', async () => {
    expect(await checkRedis('redis://:s3cret@127.0.0.1:1')).toBe(
      'Redis at redis://:***@127.0.0.1:1 is not reachable (ECONNREFUSED) — start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
    );
  });
});
