import { describe, expect, it } from 'vitest';
import { parseEnv } from './env.ts';

function failure(source: Record<string, string>): string {
  try {
    parseEnv(source);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected parseEnv to throw');
}

describe('parseEnv', () => {
  it('takes SURVEY_KEY_SECRET only when set, and only a long one (the wave sweep then makes keys)', () => {
    expect(parseEnv({}).SURVEY_KEY_SECRET).toBeUndefined();
    expect(parseEnv({ SURVEY_KEY_SECRET: '' }).SURVEY_KEY_SECRET).toBeUndefined();
    expect(parseEnv({ SURVEY_KEY_SECRET: 'x'.repeat(32) }).SURVEY_KEY_SECRET).toBe('x'.repeat(32));
    expect(failure({ SURVEY_KEY_SECRET: 'short' })).toMatch(/SURVEY_KEY_SECRET/);
  });

  it('gives a development machine working defaults', () => {
    expect(parseEnv({})).toEqual({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/consilium',
      REDIS_URL: 'redis://127.0.0.1:6379',
      WORKER_CONCURRENCY: 2,
      SWEEP_EVERY_SECONDS: 300,
      QUEUE_PREFIX: 'consilium',
      REPORT_K: 11,
      SURVEY_GRACE_HOURS: 48,
      REVERIFY_AFTER_DAYS: 1095,
      SMTP_URL: 'smtp://127.0.0.1:1025',
      MAIL_FROM: 'Consilium <no-reply@consilium.localhost>',
      MAIL_TOKEN_SECRET: 'development-only-mail-token-secret-not-for-production',
      MAIL_UNSUBSCRIBE_URL: 'http://localhost:4000/mail/unsubscribe',
      PSEUDONYM_SECRET: 'development-only-pseudonym-secret-not-for-production',
      WEB_URL: 'http://localhost:3000',
      WORKER_LOCK_SECONDS: 30,
      LOG_LEVEL: 'info',
      WORKER_HTTP_PORT: 4100,
      WORKER_HTTP_HOST: '127.0.0.1',
    });
  });

  it('reads WORKER_HTTP_PORT as a port (0: any free one), and refuses nonsense', () => {
    expect(parseEnv({ WORKER_HTTP_PORT: '0' }).WORKER_HTTP_PORT).toBe(0);
    expect(() => parseEnv({ WORKER_HTTP_PORT: '70000' })).toThrow(/WORKER_HTTP_PORT must be a port number/);
  });

  it('reads the mail settings, without a trailing slash on WEB_URL, and refuses a sender-less or address-less one', () => {
    expect(parseEnv({ SMTP_URL: 'smtps://mailer:secret@mail.example.org:465', WEB_URL: 'https://consilium.example/' })).toMatchObject({ SMTP_URL: 'smtps://mailer:secret@mail.example.org:465', WEB_URL: 'https://consilium.example' });
    const message = failure({ SMTP_URL: 'not a url', MAIL_FROM: 'x' });
    expect(message).toMatch(/SMTP_URL/);
    expect(message).toMatch(/MAIL_FROM/);
  });

  it('reads REVERIFY_AFTER_DAYS as a whole number of days, and refuses nonsense', () => {
    expect(parseEnv({ REVERIFY_AFTER_DAYS: '365' }).REVERIFY_AFTER_DAYS).toBe(365);
    expect(() => parseEnv({ REVERIFY_AFTER_DAYS: '0' })).toThrow(/REVERIFY_AFTER_DAYS/);
    expect(() => parseEnv({ REVERIFY_AFTER_DAYS: 'three years' })).toThrow(/REVERIFY_AFTER_DAYS/);
  });

  it('turns differential privacy on with REPORT_EPSILON, and refuses an epsilon out of range', () => {
    expect(parseEnv({ REPORT_EPSILON: '' }).REPORT_EPSILON).toBeUndefined();
    expect(parseEnv({ REPORT_EPSILON: '0.5' }).REPORT_EPSILON).toBe(0.5);
    expect(() => parseEnv({ REPORT_EPSILON: '0' })).toThrow('REPORT_EPSILON must be a number from 0.01 to 10');
    expect(() => parseEnv({ REPORT_K: '1' })).toThrow('REPORT_K must be a whole number from 2 to 1000');
  });

  it('reads numbers from their string form', () => {
    const env = parseEnv({ WORKER_CONCURRENCY: '4', SWEEP_EVERY_SECONDS: '60' });
    expect(env.WORKER_CONCURRENCY).toBe(4);
    expect(env.SWEEP_EVERY_SECONDS).toBe(60);
  });

  it.each([
    ['WORKER_CONCURRENCY', 'two'],
    ['WORKER_CONCURRENCY', '0'],
    ['WORKER_CONCURRENCY', '1.5'],
    ['SWEEP_EVERY_SECONDS', '-1'],
    ['QUEUE_PREFIX', 'has:colon'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['DATABASE_URL', 'not a url'],
    ['LOG_LEVEL', 'loud'],
  ])('rejects %s=%s in one line naming the variable', (name, value) => {
    const message = failure({ [name]: value });
    expect(message).toMatch(new RegExp(`^Invalid configuration: ${name} `));
    expect(message).not.toContain('\n');
  });

  it('does not echo a URL that may hold a password', () => {
    expect(failure({ DATABASE_URL: 'mysql://u:hunter2@db/x' })).toBe(
      'Invalid configuration: DATABASE_URL must be a postgresql:// URL',
    );
  });
});
