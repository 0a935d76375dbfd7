import { describe, expect, it } from 'vitest';
import { readEnv } from './env.ts';

describe('readEnv', () => {
  it('has development defaults', () => {
    expect(readEnv({})).toEqual({ apiUrl: 'http://127.0.0.1:4000/graphql', webPort: 3000, cookieSecure: false });
  });

  it('reads the variables', () => {
    expect(readEnv({ API_URL: 'http://api:4100/graphql', WEB_PORT: '8080', COOKIE_SECURE: 'true' })).toEqual({
      apiUrl: 'http://api:4100/graphql',
      webPort: 8080,
      cookieSecure: true,
    });
  });

  it('refuses malformed values', () => {
    expect(() => readEnv({ WEB_PORT: 'eighty' })).toThrow(/WEB_PORT/);
    expect(() => readEnv({ COOKIE_SECURE: 'maybe' })).toThrow(/COOKIE_SECURE/);
    expect(() => readEnv({ API_URL: 'not a url' })).toThrow(/API_URL/);
  });
});
