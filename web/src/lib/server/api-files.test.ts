import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardFile, INVOICE_FILE, REPORT_FILE } from './api-files.ts';

/** A stand-in for the API's file routes, recording what it was asked. */
let server: Server;
let apiUrl = '';
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/invoices/o1.pdf') {
      if (req.headers.authorization !== 'Bearer session-token') {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":"UNAUTHENTICATED"}}');
        return;
      }
      res
        .writeHead(200, {
          'content-type': 'application/pdf',
          'content-disposition': 'attachment; filename="CONS-2026-0001.pdf"',
          'set-cookie': 'api=1',
        })
        .end('%PDF-1.7 invoice');
      return;
    }
    if (url.pathname === '/reports/s1.csv') {
      if (url.searchParams.get('sig') !== 'good') {
        res.writeHead(403).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="report.csv"' }).end('question,choice,count\n');
      return;
    }
    if (url.pathname === '/moved') {
      res.writeHead(302, { location: 'http://elsewhere.invalid/' }).end();
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('forwardFile', () => {
  it('fetches an invoice with the session as Bearer, in the asked language, and passes its type and download name, not its cookies', async () => {
    const answer = await forwardFile({ apiUrl, path: '/invoices/o1.pdf', token: 'session-token', acceptLanguage: 'fr' });
    expect(answer.ok).toBe(true);
    expect(seen.at(-1)!.headers['accept-language']).toBe('fr');
    if (!answer.ok) return;
    expect(answer.response.headers.get('content-type')).toBe('application/pdf');
    expect(answer.response.headers.get('content-disposition')).toBe('attachment; filename="CONS-2026-0001.pdf"');
    expect(answer.response.headers.get('set-cookie')).toBeNull();
    expect(answer.response.headers.get('cache-control')).toBe('private, no-store');
    expect(await answer.response.text()).toBe('%PDF-1.7 invoice');
  });

  it('tells the API’s refusal by its status', async () => {
    expect(await forwardFile({ apiUrl, path: '/invoices/o1.pdf', token: null })).toEqual({ ok: false, status: 401 });
    expect(await forwardFile({ apiUrl, path: '/invoices/nope.pdf', token: 'session-token' })).toEqual({ ok: false, status: 404 });
  });

  it('passes the signed link’s query string on, and no Authorization', async () => {
    const answer = await forwardFile({ apiUrl, path: '/reports/s1.csv?expires=1900000000&sig=good', token: null });
    expect(answer.ok).toBe(true);
    const last = seen.at(-1)!;
    expect(last.url).toBe('/reports/s1.csv?expires=1900000000&sig=good');
    expect(last.headers.authorization).toBeUndefined();
    expect(last.headers.cookie).toBeUndefined();
    expect(await forwardFile({ apiUrl, path: '/reports/s1.csv?expires=1900000000&sig=forged', token: null })).toEqual({ ok: false, status: 403 });
  });

  it('does not follow a redirect, and says so when the API cannot be reached', async () => {
    expect(await forwardFile({ apiUrl, path: '/moved', token: null })).toEqual({ ok: false, status: 503 });
    const closed = 'http://127.0.0.1:9/graphql';
    expect(await forwardFile({ apiUrl: closed, path: '/invoices/o1.pdf', token: null, timeoutMs: 2_000 })).toEqual({ ok: false, status: 503 });
  });
});

describe('file names', () => {
  it('accept an id with its extension and nothing that could leave the folder', () => {
    expect(INVOICE_FILE.test('0b7f1c2e-8a51-4c55-9b5e-2f7f0d6a1c11.pdf')).toBe(true);
    expect(INVOICE_FILE.test('abc.html')).toBe(true);
    expect(INVOICE_FILE.test('abc.csv')).toBe(false);
    expect(INVOICE_FILE.test('..%2Fsecrets.pdf')).toBe(false);
    expect(REPORT_FILE.test('abc.csv')).toBe(true);
    expect(REPORT_FILE.test('a.b.csv')).toBe(false);
    expect(REPORT_FILE.test('abc.fr.pdf')).toBe(true);
    expect(REPORT_FILE.test('abc.respondents.zip')).toBe(true);
    expect(REPORT_FILE.test('abc.de.pdf')).toBe(false);
    expect(REPORT_FILE.test('abc.zip')).toBe(false);
  });
});
