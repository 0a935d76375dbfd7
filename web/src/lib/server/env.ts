/**
 * The web app's configuration: the only module that reads `process.env`.
 * `vite.config.ts` imports it too, for the dev server's port.
 */
export interface WebEnv {
  /** The API's GraphQL endpoint, reached server-side only. */
  apiUrl: string;
  /** The port `vite dev` listens on (the built server reads adapter-node's `PORT`). */
  webPort: number;
  /** Marks cookies `Secure`; off by default so that http://localhost works in development. */
  cookieSecure: boolean;
  /** The API's `UPLOAD_MAX_BYTES`: the largest case image the upload proxy lets through. */
  uploadMaxBytes: number;
}

type Source = Record<string, string | undefined>;

function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`WEB_PORT must be a port number, got "${value}"`);
  }
  return port;
}

function parseBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (/^(1|true|yes)$/i.test(value)) return true;
  if (/^(0|false|no)$/i.test(value)) return false;
  throw new Error(`${name} must be true or false, got "${value}"`);
}

function parseBytes(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const bytes = Number(value);
  if (!Number.isInteger(bytes) || bytes < 1) throw new Error(`${name} must be a number of bytes, got "${value}"`);
  return bytes;
}

function parseUrl(name: string, value: string | undefined, fallback: string): string {
  const url = value === undefined || value === '' ? fallback : value;
  if (!URL.canParse(url)) throw new Error(`${name} must be a URL, got "${url}"`);
  return url;
}

/** Reads and validates the configuration; throws on a malformed value. */
export function readEnv(source: Source = process.env): WebEnv {
  return {
    apiUrl: parseUrl('API_URL', source.API_URL, 'http://127.0.0.1:4000/graphql'),
    webPort: parsePort(source.WEB_PORT, 3000),
    cookieSecure: parseBoolean('COOKIE_SECURE', source.COOKIE_SECURE, false),
    uploadMaxBytes: parseBytes('UPLOAD_MAX_BYTES', source.UPLOAD_MAX_BYTES, 10 * 1024 * 1024),
  };
}

export const env: WebEnv = readEnv();
