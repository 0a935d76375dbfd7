import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { proxyImage, proxyUpload, uploadFile } from './uploads.ts';

/** A small HTTP server standing in for the API's uploads routes. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  bytes: number;
  body: Buffer;
}

let server: Server;
let apiUrl = '';
let seen: Seen[] = [];
let answer: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void = () => {};

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => {});
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, bytes: body.length, body });
      answer(req, res, body);
    });
    // The proxy may cut an upload off half-way: the stand-in only notes what it got.
    req.on('aborted', () => seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, bytes: Buffer.concat(chunks).length, body: Buffer.alloc(0) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
  answer = (_req, res) => {
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: 'a1b2', url: '/uploads/a1b2', mimeType: 'image/png', width: 10, height: 10 }));
  };
});

function multipart(bytes: Buffer): Request {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'ecg.png');
  return new Request('http://web.test/uploads', { method: 'POST', body: form });
}

/** A request whose body arrives in pieces and declares no length, as a chunked upload does. */
function chunked(total: number): Request {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const size = Math.min(64 * 1024, total - sent);
      sent += size;
      controller.enqueue(new Uint8Array(size));
    },
  });
  return new Request('http://web.test/uploads', { method: 'POST', body, headers: { 'content-type': 'image/jpeg' }, duplex: 'half' } as RequestInit);
}

describe('proxyUpload', () => {
  it('forwards the multipart upload with the session as Bearer and answers what the API answered', async () => {
    const response = await proxyUpload(multipart(PNG), { apiUrl, token: 'tok-123', locale: 'fr', clientAddress: '203.0.113.9' });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: 'a1b2', url: '/uploads/a1b2', mimeType: 'image/png', width: 10, height: 10 });
    expect(seen).toHaveLength(1);
    const [call] = seen;
    expect(call?.method).toBe('POST');
    expect(call?.url).toBe('/uploads');
    expect(call?.headers.authorization).toBe('Bearer tok-123');
    expect(call?.headers['accept-language']).toBe('fr');
    expect(call?.headers['x-forwarded-for']).toBe('203.0.113.9');
    expect(call?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(call?.body.includes(PNG)).toBe(true);
    expect(call?.body.toString('latin1')).toContain('name="file"; filename="ecg.png"');
  });

  it('passes the API’s refusal through', async () => {
    answer = (_req, res) => {
      res.writeHead(422, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'BAD_IMAGE', message: 'Not an image.' } }));
    };
    const response = await proxyUpload(multipart(Buffer.from('hello')), { apiUrl, token: 't' });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ error: { code: 'BAD_IMAGE', message: 'Not an image.' } });
  });

  it('refuses a body that declares more than the limit without calling the API', async () => {
    const request = new Request('http://web.test/uploads', {
      method: 'POST',
      body: new Uint8Array(2048),
      headers: { 'content-type': 'image/png', 'content-length': '2048' },
    });
    const response = await proxyUpload(request, { apiUrl, token: 't', maxBytes: 1024 });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(seen).toHaveLength(0);
  });

  it('cuts off a streamed body once it passes the limit', async () => {
    const limit = 256 * 1024;
    const response = await proxyUpload(chunked(4 * 1024 * 1024), { apiUrl, token: 't', maxBytes: limit });
    expect(response.status).toBe(413);
    await new Promise((r) => setTimeout(r, 50));
    // The API never got a whole upload: at most the limit arrived before the cut.
    expect(seen.every((s) => s.bytes <= limit)).toBe(true);
    expect(seen.some((s) => s.body.length > 0 && s.method === 'POST' && s.bytes === 4 * 1024 * 1024)).toBe(false);
  });

  it('refuses what is neither a form nor an image', async () => {
    const request = new Request('http://web.test/uploads', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    const response = await proxyUpload(request, { apiUrl, token: 't' });
    expect(response.status).toBe(415);
    expect(seen).toHaveLength(0);
  });

  it('says the service is unavailable when the API cannot be reached', async () => {
    const response = await proxyUpload(multipart(PNG), { apiUrl: 'http://127.0.0.1:1/graphql', token: 't' });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('API_UNAVAILABLE');
  });
});

describe('proxyImage', () => {
  it('serves the image with the session, privately, and never as something to run', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(PNG.length), 'cache-control': 'public, max-age=999999' });
      res.end(PNG);
    };
    const response = await proxyImage('a1b2-c3', { apiUrl, token: 'tok-9' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toBe('private, max-age=3600');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await response.arrayBuffer()).equals(PNG)).toBe(true);
    expect(seen[0]?.url).toBe('/uploads/a1b2-c3');
    expect(seen[0]?.headers.authorization).toBe('Bearer tok-9');
  });

  it('answers as the API did when it refuses', async () => {
    for (const status of [401, 403, 404]) {
      answer = (_req, res) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end('{"error":{"code":"X","message":"no"}}');
      };
      expect((await proxyImage('a1b2', { apiUrl, token: 't' })).status).toBe(status);
    }
  });

  it('never passes on something that is not a raster image', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/svg+xml' });
      res.end('<svg onload="alert(1)"/>');
    };
    const response = await proxyImage('a1b2', { apiUrl, token: 't' });
    expect(response.status).toBe(502);
    expect(await response.text()).toBe('');
  });

  it('does not ask the API for an id that cannot be one', async () => {
    expect((await proxyImage('../graphql', { apiUrl, token: 't' })).status).toBe(404);
    expect((await proxyImage('a b', { apiUrl, token: 't' })).status).toBe(404);
    expect(seen).toHaveLength(0);
  });
});

describe('uploadFile', () => {
  it('sends a file posted to a form action as the "file" field, and gives back the stored image', async () => {
    const outcome = await uploadFile(new File([new Uint8Array(PNG)], 'scan.png', { type: 'image/png' }), { apiUrl, token: 'tok-1' });
    expect(outcome).toEqual({ ok: true, image: { id: 'a1b2', url: '/uploads/a1b2', mimeType: 'image/png', width: 10, height: 10 } });
    expect(seen[0]?.headers.authorization).toBe('Bearer tok-1');
    expect(seen[0]?.body.toString('latin1')).toContain('name="file"; filename="scan.png"');
  });

  it('gives the API’s reason when it refuses', async () => {
    answer = (_req, res) => {
      res.writeHead(415, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Not an image type we take.' } }));
    };
    const outcome = await uploadFile(new File(['%PDF'], 'x.pdf', { type: 'application/pdf' }), { apiUrl, token: 't' });
    expect(outcome).toEqual({ ok: false, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Not an image type we take.' });
  });
});
