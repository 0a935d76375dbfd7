import { describe, expect, it } from 'vitest';
import { readEnv } from './env.ts';

describe('readEnv', () => {
  it('has development defaults', () => {
    expect(readEnv({})).toEqual({ apiUrl: 'http://127.0.0.1:4000/graphql', webPort: 3000, cookieSecure: false, uploadMaxBytes: 10_485_760 });
  });

  it('reads the variables', () => {
    expect(readEnv({ API_URL: 'http://api:4100/graphql', WEB_PORT: '8080', COOKIE_SECURE: 'true', UPLOAD_MAX_BYTES: '20971520' })).toEqual({
      apiUrl: 'http://api:4100/graphql',
      webPort: 8080,
      cookieSecure: true,
      uploadMaxBytes: 20_971_520,
    });
  });

  it('refuses malformed values', () => {
    expect(() => readEnv({ WEB_PORT: 'eighty' })).toThrow(/WEB_PORT/);
    expect(() => readEnv({ COOKIE_SECURE: 'maybe' })).toThrow(/COOKIE_SECURE/);
    expect(() => readEnv({ API_URL: 'not a url' })).toThrow(/API_URL/);
    expect(() => readEnv({ UPLOAD_MAX_BYTES: '10M' })).toThrow(/UPLOAD_MAX_BYTES/);
  });
});
