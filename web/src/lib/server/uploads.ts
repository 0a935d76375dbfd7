/**
 * The web app's door to the API's case images. The browser never holds the session token (it
 * is an http-only cookie of this server), so `POST /uploads` and `GET /uploads/<id>` come here
 * and go on to the API with the session as `Authorization: Bearer`. Bodies are streamed, not
 * buffered; an upload larger than the API's `UPLOAD_MAX_BYTES` (plus a multipart envelope) is cut
 * off before the API sees all of it.
 */

/** What a multipart envelope (boundaries, part headers) may add to an image's bytes. */
export const MULTIPART_ALLOWANCE = 64 * 1024;

/** The most a request to `POST /uploads` may carry for an image of at most `imageBytes`. */
export function uploadRequestLimit(imageBytes: number): number {
  return imageBytes + MULTIPART_ALLOWANCE;
}

/** The request limit for the API's default `UPLOAD_MAX_BYTES` (10 MiB). */
export const MAX_UPLOAD_BYTES = uploadRequestLimit(10 * 1024 * 1024);

/** An upload's id as the API makes them (a UUID), and as image addresses in posts carry it. */
export const UPLOAD_ID = /^[A-Za-z0-9-]{1,64}$/;

export interface UploadProxyOptions {
  /** The API's GraphQL endpoint: its uploads live beside it, at `/uploads`. */
  apiUrl: string;
  token: string;
  locale?: string | null;
  clientAddress?: string | null;
  /** `proxyUpload`: the most the request may carry; `uploadFile`: the largest file. */
  maxBytes?: number;
  fetch?: typeof fetch;
}

/** The answer the API gives to a failed upload, in the same shape. */
export function uploadProblem(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status, headers: { 'cache-control': 'no-store' } });
}

export function uploadsUrl(apiUrl: string, id?: string): string {
  return new URL(id ? `/uploads/${encodeURIComponent(id)}` : '/uploads', apiUrl).toString();
}

function forwardedHeaders(options: UploadProxyOptions): Record<string, string> {
  const headers: Record<string, string> = { authorization: `Bearer ${options.token}` };
  if (options.locale) headers['accept-language'] = options.locale;
  if (options.clientAddress) headers['x-forwarded-for'] = options.clientAddress;
  return headers;
}

class TooLarge extends Error {}

/** `body`, erroring as soon as more than `limit` bytes have gone through. */
function limited(body: ReadableStream<Uint8Array>, limit: number): ReadableStream<Uint8Array> {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) controller.error(new TooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
}

function tooLarge(limit: number): Response {
  return uploadProblem(413, 'PAYLOAD_TOO_LARGE', `An image may not exceed ${Math.floor(limit / (1024 * 1024))} MB.`);
}

/** Forwards an upload (multipart with a `file` field, or a raw image body) to the API. */
export async function proxyUpload(request: Request, options: UploadProxyOptions): Promise<Response> {
  const limit = options.maxBytes ?? MAX_UPLOAD_BYTES;
  const type = request.headers.get('content-type') ?? '';
  if (!/^(multipart\/form-data|image\/)/i.test(type)) {
    return uploadProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send an image, as a form field named "file" or as the body.');
  }
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit) return tooLarge(limit);
  if (!request.body) return uploadProblem(400, 'BAD_REQUEST', 'The request has no body.');
  const headers = { ...forwardedHeaders(options), 'content-type': type };
  let upstream: Response;
  try {
    upstream = await (options.fetch ?? fetch)(uploadsUrl(options.apiUrl), {
      method: 'POST',
      headers,
      body: limited(request.body, limit),
      duplex: 'half',
      signal: AbortSignal.timeout(60_000),
    } as RequestInit);
  } catch (err) {
    if (err instanceof TooLarge || (err instanceof Error && err.cause instanceof TooLarge)) return tooLarge(limit);
    return uploadProblem(503, 'API_UNAVAILABLE', 'The image service cannot be reached.');
  }
  const body = await upstream.text();
  return new Response(body, {
    status: upstream.status,
    headers: { 'content-type': upstream.headers.get('content-type') ?? 'application/json', 'cache-control': 'no-store' },
  });
}

/** An image as the API serves it, for this session; never kept by a shared cache. */
export async function proxyImage(id: string, options: UploadProxyOptions): Promise<Response> {
  if (!UPLOAD_ID.test(id)) return new Response('Not found', { status: 404 });
  let upstream: Response;
  try {
    upstream = await (options.fetch ?? fetch)(uploadsUrl(options.apiUrl, id), {
      headers: forwardedHeaders(options),
      signal: AbortSignal.timeout(30_000),
    });
  } catch {
    return new Response('API unavailable', { status: 503 });
  }
  const type = upstream.headers.get('content-type') ?? '';
  // Only a re-encoded raster image goes out as one: nothing a browser would run as a page.
  if (!upstream.ok || !/^image\/(png|jpeg|webp|gif|avif)\b/i.test(type)) {
    await upstream.body?.cancel();
    const status = upstream.ok ? 502 : upstream.status;
    return new Response(null, { status, headers: { 'cache-control': 'no-store' } });
  }
  const headers = new Headers({
    'content-type': type,
    'cache-control': 'private, max-age=3600',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
  });
  const length = upstream.headers.get('content-length');
  if (length) headers.set('content-length', length);
  return new Response(upstream.body, { status: 200, headers });
}

/** An image the API stored, as `POST /uploads` describes it. */
export interface UploadedImage {
  id: string;
  url: string;
  mimeType: string;
  width: number;
  height: number;
}

export type UploadOutcome = { ok: true; image: UploadedImage } | { ok: false; code: string; message: string };

/** Uploads a file posted to a form action (the composer without JavaScript) to the API. */
export async function uploadFile(file: File, options: UploadProxyOptions): Promise<UploadOutcome> {
  const limit = options.maxBytes ?? MAX_UPLOAD_BYTES;
  if (file.size > limit) return { ok: false, code: 'PAYLOAD_TOO_LARGE', message: 'The image is too large.' };
  const body = new FormData();
  body.append('file', file, file.name);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(uploadsUrl(options.apiUrl), {
      method: 'POST',
      headers: forwardedHeaders(options),
      body,
      signal: AbortSignal.timeout(60_000),
    });
  } catch {
    return { ok: false, code: 'API_UNAVAILABLE', message: 'The image service cannot be reached.' };
  }
  const answer = (await response.json().catch(() => null)) as { id?: unknown; error?: { code?: unknown; message?: unknown } } | null;
  if (response.ok && answer && typeof answer.id === 'string') return { ok: true, image: answer as UploadedImage };
  const code = typeof answer?.error?.code === 'string' ? answer.error.code : `HTTP_${response.status}`;
  const message = typeof answer?.error?.message === 'string' ? answer.error.message : 'The image could not be stored.';
  return { ok: false, code, message };
}
