import { describe, expect, it } from 'vitest';
import { parseEnv } from './env.ts';

describe('parseEnv', () => {
  it('works with nothing set, on a development machine', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 4000, DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/consilium', RATE_LIMIT_SCALE: 1 });
    expect(env.PSEUDONYM_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it('treats empty variables as unset', () => {
    expect(parseEnv({ PORT: '', PSEUDONYM_SECRET: '' }).PORT).toBe(4000);
  });

  it('names each bad variable in one line', () => {
    expect(() => parseEnv({ PORT: 'eighty', RATE_LIMIT_SCALE: '-1' })).toThrow(/^Invalid configuration: PORT: .*; RATE_LIMIT_SCALE: /);
  });

  it('refuses to run in production without a pseudonym secret, or with a short one', () => {
    const survey = { SURVEY_KEY_SECRET: 'y'.repeat(40), REPORT_LINK_SECRET: 'z'.repeat(40), RATE_LIMIT_KEY_SECRET: 'r'.repeat(40) };
    expect(() => parseEnv({ NODE_ENV: 'production', ...survey })).toThrow(/PSEUDONYM_SECRET: required in production/);
    expect(() => parseEnv({ NODE_ENV: 'production', PSEUDONYM_SECRET: 'short', ...survey })).toThrow(/PSEUDONYM_SECRET/);
    expect(() => parseEnv({ NODE_ENV: 'production', PSEUDONYM_SECRET: 'x'.repeat(40) })).toThrow(/SURVEY_KEY_SECRET: required in production/);
    expect(() => parseEnv({ NODE_ENV: 'production', PSEUDONYM_SECRET: 'x'.repeat(40), SURVEY_KEY_SECRET: 'y'.repeat(40) })).toThrow(/REPORT_LINK_SECRET: required in production/);
    expect(() => parseEnv({ NODE_ENV: 'production', PSEUDONYM_SECRET: 'x'.repeat(40), ...survey, RATE_LIMIT_KEY_SECRET: undefined })).toThrow(/RATE_LIMIT_KEY_SECRET: required in production/);
    expect(parseEnv({ NODE_ENV: 'production', PSEUDONYM_SECRET: 'x'.repeat(40), ...survey }).PSEUDONYM_SECRET).toBe('x'.repeat(40));
  });
});
