import exifReader from 'exif-reader';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postThread } from '../test/discussion.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';

type Caller = Awaited<ReturnType<TestApp['make']['client']>>;
let t: TestApp;
let alice: Caller;
let bob: Caller;

const SERIAL = 'SN-CAMERA-0042-XYZ';
/** A photo as a phone takes it: EXIF with camera make, body serial number, GPS position, rotated. */
async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 32, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Phone 12' },
      IFD2: { BodySerialNumber: SERIAL },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 3/1' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** A valid PNG of side × side 1-bit pixels (900 megapixels at 30000): a few hundred KB that inflate to gigabytes. */
function pngBomb(side: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([1, 0, 0, 0, 0], 8);
  const rows = Buffer.alloc((1 + Math.ceil(side / 8)) * side);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100', UPLOAD_MAX_BYTES: '200000' });
  [alice, bob] = [await t.make.verifiedPhysician(), await t.make.verifiedPhysician()];
});
afterAll(() => t.close());

async function upload(token: string | undefined, body: Buffer | string, type = 'image/jpeg') {
  const res = await t.http('/uploads', { method: 'POST', token, headers: { 'content-type': type }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { status: res.status, json: (await res.json()) as { id?: string; url?: string; mimeType?: string; width?: number; height?: number; error?: { code: string; message: string } } };
}

describe('POST /uploads', () => {
  it('re-encodes a photo upright and strips EXIF, GPS and the camera serial before storing it', async () => {
    const photo = await phonePhoto();
    const before = await sharp(photo).metadata();
    expect(before.exif?.toString('latin1')).toContain(SERIAL);
    expect(before.exif?.toString('latin1')).toContain('PhoneMaker');
    const exif = exifReader(before.exif!);
    expect(exif.GPSInfo?.GPSLatitude).toEqual([48, 51, 24]);
    expect(exif.Photo?.BodySerialNumber).toBe(SERIAL);
    expect(before.orientation).toBe(6);

    const { status, json } = await upload(alice.token, photo, 'image/png');
    expect(status).toBe(201);
    expect(json).toMatchObject({ url: `/uploads/${json.id}`, mimeType: 'image/jpeg', width: 32, height: 64 });
    const served = await t.http(json.url!, { token: alice.token });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await served.arrayBuffer());
    const after = await sharp(bytes).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.orientation ?? 1).toBe(1);
    expect(bytes.toString('latin1')).not.toContain(SERIAL);
    expect(bytes.toString('latin1')).not.toContain('PhoneMaker');
  });

  it('takes a multipart form field "file" too, and keeps PNG and WebP as they are', async () => {
    const png = await sharp({ create: { width: 10, height: 10, channels: 4, background: '#00ff0080' } }).png().toBuffer();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'scan.png');
    const res = await t.http('/uploads', { method: 'POST', token: alice.token, body: form });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ mimeType: 'image/png', width: 10, height: 10 });
    const webp = await sharp({ create: { width: 5, height: 7, channels: 3, background: '#123456' } }).webp().toBuffer();
    expect((await upload(alice.token, webp, 'application/octet-stream')).json).toMatchObject({ mimeType: 'image/webp', width: 5, height: 7 });
  });

  it('refuses what is not an accepted image (415), too large (413), a decompression bomb (422), a truncated image (422)', async () => {
    const text = await upload(alice.token, 'this is not an image, only text pretending to be one', 'image/jpeg');
    expect(text).toMatchObject({ status: 415, json: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } } });
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).gif().toBuffer();
    expect((await upload(alice.token, gif, 'image/gif')).status).toBe(415);
    const big = await sharp({ create: { width: 600, height: 600, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
    expect(big.length).toBeGreaterThan(200_000);
    expect(await upload(alice.token, big, 'image/png')).toMatchObject({ status: 413, json: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
    const bomb = pngBomb(30_000);
    expect(bomb.length).toBeLessThan(200_000);
    expect(await upload(alice.token, bomb, 'image/png')).toMatchObject({ status: 422, json: { error: { code: 'BAD_IMAGE' } } });
    const photo = await phonePhoto();
    expect((await upload(alice.token, photo.subarray(0, Math.floor(photo.length / 2)))).status).toBe(422);
    expect(await t.db.attachment.count({ where: { mimeType: 'image/gif' } })).toBe(0);
  }, 60_000);

  it('refuses anonymous callers (401) and physicians not verified (403)', async () => {
    const photo = await phonePhoto();
    expect((await upload(undefined, photo)).status).toBe(401);
    expect((await upload((await t.make.pendingPhysician()).token, photo)).status).toBe(403);
    expect((await upload((await t.make.client()).token, photo)).status).toBe(403);
  });

  it('refuses a verified physician whose address is no longer confirmed (403 EMAIL_NOT_CONFIRMED), storing nothing', async () => {
    const carol = await t.make.verifiedPhysician();
    await t.db.account.update({ where: { id: carol.account.id }, data: { emailConfirmed: false } });
    const before = await t.db.attachment.count();
    const res = await upload(carol.token, await phonePhoto());
    expect(res.status).toBe(403);
    expect(res.json.error).toMatchObject({ code: 'EMAIL_NOT_CONFIRMED', message: expect.stringMatching(/confirm your e-mail address/i) });
    expect(await t.db.attachment.count()).toBe(before);
  });
});

describe('POST /uploads under the discussion’s rules', () => {
  it('refuses a suspended pseudonym (403) and a flood past the rate limit (429 with Retry-After), storing nothing', async () => {
    const photo = await phonePhoto();
    const carol = await t.make.verifiedPhysician();
    const { author } = await postThread(t, carol.token);
    await t.db.pseudonym.update({ where: { id: author.id }, data: { suspended: true } });
    const suspended = await upload(carol.token, photo);
    expect(suspended.status).toBe(403);
    expect(suspended.json.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/suspended/) });
    expect(await t.db.attachment.count({ where: { uploaderId: author.id } })).toBe(0);

    // RATE_LIMIT_SCALE 0.1: 3 uploads an hour.
    const strict = await createTestApp({ RATE_LIMIT_SCALE: '0.1' });
    try {
      const p = await strict.make.verifiedPhysician();
      const send = () => strict.http('/uploads', { method: 'POST', token: p.token, headers: { 'content-type': 'image/jpeg' }, body: new Uint8Array(photo) });
      for (let i = 0; i < 3; i++) expect((await send()).status).toBe(201);
      const flood = await send();
      expect(flood.status).toBe(429);
      expect(Number(flood.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await flood.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
      expect(await strict.db.attachment.count()).toBe(3);
    } finally {
      await strict.close();
    }
  });
});

describe('GET /uploads/<id> and attachments', () => {
  it('serves an attached image to verified physicians only; an unattached one to its uploader only', async () => {
    const { json } = await upload(alice.token, await phonePhoto());
    expect((await t.http(json.url!, { token: bob.token })).status).toBe(404);
    const thread = await postThread(t, alice.token, { attachmentIds: [json.id!] });
    const seen = await t.gql<{ thread: { attachments: Array<{ id: string; url: string; width: number }> } }>(`query ($id: ID!) { thread(id: $id) { attachments { id url width } } }`, { id: thread.id }, { token: bob.token });
    expect(seen.data!.thread.attachments).toEqual([{ id: json.id, url: json.url, width: 32 }]);
    expect((await t.http(json.url!, { token: bob.token })).status).toBe(200);
    expect((await t.http(json.url!)).status).toBe(401);
    expect((await t.http(json.url!, { token: (await t.make.pendingPhysician()).token })).status).toBe(403);
    expect((await t.http('/uploads/00000000-0000-4000-8000-000000000000', { token: bob.token })).status).toBe(404);
    expect((await t.http('/uploads/..%2F..%2Fetc%2Fpasswd', { token: bob.token })).status).toBe(404);
  });

  it('refuses another pseudonym’s upload, or one already attached', async () => {
    const { json } = await upload(alice.token, await phonePhoto());
    const CREATE = `mutation ($i: ThreadInput!) { createThread(input: $i) { id } }`;
    const stolen = await t.gql(CREATE, { i: { room: 'general', title: 'Not mine', body: 'x', attachmentIds: [json.id], imageAttestation: 'DEIDENTIFIED' } }, { token: bob.token });
    expect(stolen.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'attachmentIds' });
    await postThread(t, alice.token, { attachmentIds: [json.id!] });
    const again = await t.gql(CREATE, { i: { room: 'general', title: 'Twice', body: 'x', attachmentIds: [json.id], imageAttestation: 'DEIDENTIFIED' } }, { token: alice.token });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'attachmentIds' });
  });

  it('refuses a thread with images but no attestation, keeping nothing; records the attestation, and only on a post with images', async () => {
    const { json } = await upload(alice.token, await phonePhoto());
    const CREATE = `mutation ($i: ThreadInput!) { createThread(input: $i) { id imageAttestation } }`;
    const threadsBefore = await t.db.thread.count();
    const bare = await t.gql(CREATE, { i: { room: 'general', title: 'No attestation', body: 'x', attachmentIds: [json.id] } }, { token: alice.token });
    expect(bare.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'imageAttestation', reason: 'required' });
    expect(await t.db.thread.count()).toBe(threadsBefore);
    expect((await t.db.attachment.findUniqueOrThrow({ where: { id: json.id! } })).postId).toBeNull();
    const wrong = await t.gql(CREATE, { i: { room: 'general', title: 'Free text', body: 'x', attachmentIds: [json.id], imageAttestation: 'Mrs Doe said yes' } }, { token: alice.token });
    expect(wrong.errors?.[0]?.message).toMatch(/ImageAttestation/);

    const made = await t.gql<{ createThread: { id: string; imageAttestation: string } }>(CREATE, { i: { room: 'general', title: 'Consented', body: 'x', attachmentIds: [json.id], imageAttestation: 'CONSENT_OBTAINED' } }, { token: alice.token });
    expect(made.errors).toBeUndefined();
    expect(made.data!.createThread.imageAttestation).toBe('CONSENT_OBTAINED');
    const read = await t.gql<{ thread: { imageAttestation: string } }>(`query ($id: ID!) { thread(id: $id) { imageAttestation } }`, { id: made.data!.createThread.id }, { token: bob.token });
    expect(read.data!.thread.imageAttestation).toBe('CONSENT_OBTAINED');

    const textOnly = await t.gql<{ createThread: { id: string; imageAttestation: string | null } }>(CREATE, { i: { room: 'general', title: 'No image', body: 'x', imageAttestation: 'DEIDENTIFIED' } }, { token: alice.token });
    expect(textOnly.data!.createThread.imageAttestation).toBeNull();
  });
});
