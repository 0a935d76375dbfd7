import { describe, expect, it } from 'vitest';
import { maskUrl, postgresProblem, redisProblem } from './services.ts';

const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

describe('maskUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(maskUrl('postgresql://app:s3cret@db.internal:5432/consilium')).toBe('postgresql://app:***@db.internal:5432/consilium');
    expect(maskUrl('redis://:s3cret@127.0.0.1:6379')).toBe('redis://:***@127.0.0.1:6379');
    expect(maskUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('never echoes a URL it cannot parse', () => {
    expect(maskUrl('postgres://app:s3cret@[bad')).toBe('(an unparseable URL)');
  });
});

describe('postgresProblem', () => {
  it('says how to start a local server', () => {
    expect(postgresProblem('postgresql://postgres@127.0.0.1:5432/consilium', refused)).toBe(
      'PostgreSQL at postgresql://postgres@127.0.0.1:5432/consilium is not reachable (ECONNREFUSED) — start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
    );
  });

  it('does not suggest starting a remote server', () => {
    expect(postgresProblem('postgresql://db.internal/consilium', refused)).toMatch(/check that it is running and reachable from here$/);
  });

  it('points at the migration for a missing database and at the URL for refused credentials', () => {
    expect(postgresProblem('postgresql://127.0.0.1/x', { code: '3D000' })).toMatch(/does not exist — create and migrate it with: pnpm db:migrate$/);
    expect(postgresProblem('postgresql://u:p@127.0.0.1/x', { code: '28P01' })).toBe(
      'PostgreSQL at postgresql://u:***@127.0.0.1/x refused the credentials — check DATABASE_URL',
    );
  });
});

describe('redisProblem', () => {
  it('says how to start a local server, in one line', () => {
    const message = redisProblem('redis://localhost:6379', refused);
    expect(message).toBe(
      'Redis at redis://localhost:6379 is not reachable (ECONNREFUSED) — start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
    );
  });

  it('recognises refused credentials', () => {
    expect(redisProblem('redis://:pw@127.0.0.1:6379', new Error('WRONGPASS invalid username-password pair'))).toBe(
      'Redis at redis://:***@127.0.0.1:6379 refused the credentials — check REDIS_URL',
    );
  });
});
