/**
 * POST /uploads and GET /uploads/<id>: case images, for verified physicians only. The upload is
 * read within UPLOAD_MAX_BYTES, checked from its bytes, re-encoded without metadata and stored;
 * the answer is JSON ({ id, url, mimeType, width, height } or { error: { code, message } }).
 */
import { randomUUID } from 'node:crypto';
import type Router from '@koa/router';
import busboy from 'busboy';
import type { ParameterizedContext } from 'koa';
import getRawBody from 'raw-body';
import { GraphQLError } from 'graphql';
import type { Services } from '../context.ts';
import { chargeWriter } from '../domain/discussion/actor.ts';
import { pseudonymKey } from '../domain/pseudonyms.ts';
import { emailNotConfirmed } from '../domain/email-confirmation.ts';
import { viewerOfAuthorization, type Viewer } from '../domain/sessions.ts';
import { cleanImage, ImageRejected } from '../domain/uploads/images.ts';
import { RETRY_AFTER_SECONDS } from './unavailable.ts';

type Ctx = ParameterizedContext;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

class HttpRefusal extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

function refuse(ctx: Ctx, status: number, code: string, message: string) {
  ctx.status = status;
  ctx.body = { error: { code, message } };
}

async function verifiedViewer(ctx: Ctx, services: Services): Promise<Viewer> {
  const viewer = await viewerOfAuthorization(services.db, ctx.get('authorization'));
  if (!viewer) throw new HttpRefusal(401, 'UNAUTHENTICATED', 'You must be logged in.');
  if (viewer.role !== 'PHYSICIAN' || viewer.verification !== 'VERIFIED') throw new HttpRefusal(403, 'FORBIDDEN', 'Case images are for verified physicians only.');
  if (!viewer.emailConfirmed) throw new HttpRefusal(403, 'EMAIL_NOT_CONFIRMED', emailNotConfirmed().message);
  return viewer;
}

const tooLarge = (max: number) => new HttpRefusal(413, 'PAYLOAD_TOO_LARGE', `The image is larger than ${max} bytes.`);

/** The uploaded bytes: the "file" field of a multipart form, or the raw body. */
async function readUpload(ctx: Ctx, max: number): Promise<Buffer> {
  const length = Number(ctx.get('content-length') || 0);
  if (length > max + 64 * 1024) throw tooLarge(max);
  if (!ctx.is('multipart/form-data')) {
    try {
      return await getRawBody(ctx.req, { limit: max });
    } catch (err) {
      if ((err as { type?: string }).type === 'entity.too.large') throw tooLarge(max);
      throw err;
    }
  }
  return new Promise<Buffer>((resolve, reject) => {
    const form = busboy({ headers: ctx.req.headers, limits: { files: 1, fileSize: max, fields: 10 } });
    let file: Promise<Buffer> | null = null;
    form.on('file', (name, stream) => {
      if (name !== 'file' || file) {
        stream.resume();
        return;
      }
      file = new Promise((done, fail) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('limit', () => fail(tooLarge(max)));
        stream.on('end', () => done(Buffer.concat(chunks)));
        stream.on('error', fail);
      });
    });
    form.on('error', () => reject(new HttpRefusal(400, 'BAD_REQUEST', 'The multipart body could not be read.')));
    form.on('close', () => {
      if (!file) reject(new HttpRefusal(400, 'BAD_REQUEST', 'Send the image in a multipart field named "file", or as the raw body.'));
      else file.then(resolve, reject);
    });
    ctx.req.pipe(form);
  });
}

async function upload(ctx: Ctx, services: Services) {
  const { db, env, rateLimits, storage } = services;
  const viewer = await verifiedViewer(ctx, services);
  // The discussion's own rule for every write: a pseudonym, not suspended, within its rate limit.
  const pseudonym = await chargeWriter({ db, env, viewer }, rateLimits.uploads);
  const image = await cleanImage(await readUpload(ctx, env.UPLOAD_MAX_BYTES), env.UPLOAD_MAX_PIXELS);
  const id = randomUUID();
  const storageKey = `${id}.${image.extension}`;
  await reaching(services, () => storage.put(storageKey, image.data, image.mimeType));
  await db.attachment.create({
    data: { id, uploaderId: pseudonym.id, storageKey, mimeType: image.mimeType, width: image.width, height: image.height, bytes: image.data.length },
  });
  ctx.status = 201;
  ctx.body = { id, url: `/uploads/${id}`, mimeType: image.mimeType, width: image.width, height: image.height };
}

async function serve(ctx: Ctx, services: Services, id: string) {
  const viewer = await verifiedViewer(ctx, services);
  const notFound = new HttpRefusal(404, 'NOT_FOUND', 'No image has this id.');
  if (!UUID.test(id)) throw notFound;
  const attachment = await services.db.attachment.findUnique({ where: { id }, include: { post: { select: { hidden: true, thread: { select: { group: { select: { members: { select: { pseudonym: { select: { key: true } } } } } } } } } }, uploader: { select: { key: true } } } });
  if (!attachment) throw notFound;
  // Before it is attached an image is its uploader's alone; a hidden post's images are withheld.
  const mine = Buffer.from(attachment.uploader.key).equals(Buffer.from(pseudonymKey(services.env.PSEUDONYM_SECRET, viewer.accountId)));
  if (attachment.post ? attachment.post.hidden : !mine) throw notFound;
  // A group thread's images are its members' alone, as the thread is.
  const key = Buffer.from(pseudonymKey(services.env.PSEUDONYM_SECRET, viewer.accountId));
  const group = attachment.post?.thread.group;
  if (group && !group.members.some((m) => key.equals(Buffer.from(m.pseudonym.key)))) throw notFound;
  const data = await reaching(services, () => services.storage.get(attachment.storageKey));
  if (!data) throw notFound;
  ctx.set('Content-Type', attachment.mimeType);
  ctx.set('Cache-Control', 'private, max-age=3600');
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Content-Security-Policy', "default-src 'none'");
  ctx.body = data;
}

/**
 * The storage (a folder, a bucket) out of reach is the server's trouble, not the caller's: a 503
 * in the uploads' own format, and one log line without the storage's message (it may name
 * the bucket's endpoint or key).
 */
async function reaching<T>(services: Services, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    // A full disk or quota is the operator's to fix, and says so (507), as docs/operations.md "Faults" tells.
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') {
      services.log.error({ code }, 'image storage full');
      throw new HttpRefusal(507, 'INSUFFICIENT_STORAGE', 'Images cannot be stored at the moment: the storage is full. Try again later.');
    }
    services.log.warn({ err: err instanceof Error ? err.name : 'unknown' }, 'image storage unreachable');
    throw new HttpRefusal(503, 'STORAGE_UNAVAILABLE', 'Images cannot be stored or read at the moment. Try again in a few minutes.');
  }
}

async function answering(ctx: Ctx, work: () => Promise<void>) {
  try {
    await work();
  } catch (err) {
    if (err instanceof HttpRefusal || err instanceof ImageRejected) {
      if (err instanceof HttpRefusal && err.status === 413) ctx.set('Connection', 'close');
      if (err instanceof HttpRefusal && err.status === 503) ctx.set('Retry-After', String(RETRY_AFTER_SECONDS));
      refuse(ctx, err.status, err.code, err.message);
      return;
    }
    // The discussion's refusals (suspended, rate limited) come as GraphQL errors: same code, its HTTP status.
    const code = err instanceof GraphQLError ? err.extensions.code : undefined;
    if (code === 'FORBIDDEN' || code === 'RATE_LIMITED') {
      const http = (err as GraphQLError).extensions.http as { status?: number; headers?: Record<string, string> } | undefined;
      for (const [name, value] of Object.entries(http?.headers ?? {})) ctx.set(name, value);
      refuse(ctx, http?.status ?? 403, code, (err as GraphQLError).message);
      return;
    }
    throw err;
  }
}

export function uploadRoutes(router: Router, services: Services) {
  router.post('/uploads', (ctx) => answering(ctx, () => upload(ctx, services)));
  router.get('/uploads/:id', (ctx) => answering(ctx, () => serve(ctx, services, ctx.params.id ?? '')));
}
