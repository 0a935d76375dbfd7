/**
 * POST /uploads and GET /uploads/<id> with UPLOAD_STORAGE=s3, against a real S3-compatible server
 * (s3rver on loopback, path-style): the image goes to the bucket, not to the local folder.
 */
import { readdir } from 'node:fs/promises';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { startS3Server, type TestS3 } from '../test/s3-server.ts';

let s3: TestS3;
let t: TestApp;
let alice: Awaited<ReturnType<TestApp['make']['verifiedPhysician']>>;

beforeAll(async () => {
  s3 = await startS3Server();
  t = await createTestApp({ RATE_LIMIT_SCALE: '100', ...s3.env });
  alice = await t.make.verifiedPhysician();
});
afterAll(async () => {
  await t?.close();
  await s3?.close();
});

const photo = () =>
  sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 10, g: 120, b: 200 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'PhoneMaker', Model: 'Phone 12' } })
    .toBuffer();

async function upload(body: Buffer) {
  const res = await t.http('/uploads', { method: 'POST', token: alice.token, headers: { 'content-type': 'image/jpeg' }, body: new Uint8Array(body) });
  return { status: res.status, json: (await res.json()) as { id: string; url: string; mimeType: string; error?: { code: string } } };
}

describe('case images in an S3-compatible bucket', () => {
  it('stores the re-encoded image in the bucket with its content type, and serves it back', async () => {
    const { status, json } = await upload(await photo());
    expect(status).toBe(201);
    expect(json.mimeType).toBe('image/jpeg');

    const key = `${json.id}.jpg`;
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }));
    expect(head.ContentType).toBe('image/jpeg');
    const inBucket = Buffer.from(await (await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }))).Body!.transformToByteArray());
    expect(inBucket.toString('latin1')).not.toContain('PhoneMaker');
    expect(await readdir(t.env.UPLOAD_DIR)).toEqual([]);

    const served = await t.http(json.url, { token: alice.token });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await served.arrayBuffer()).equals(inBucket)).toBe(true);
  });

  it('answers 404 when the object is gone from the bucket, as for a missing file in the folder', async () => {
    const { json } = await upload(await photo());
    await s3.client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: `${json.id}.jpg` }));
    const res = await t.http(json.url, { token: alice.token });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('answers 503 in the uploads’ format when the bucket cannot be reached, and records no image', async () => {
    const down = await createTestApp({ ...s3.env, S3_ENDPOINT: 'http://127.0.0.1:9' });
    try {
      const p = await down.make.verifiedPhysician();
      const res = await down.http('/uploads', { method: 'POST', token: p.token, headers: { 'content-type': 'image/jpeg' }, body: new Uint8Array(await photo()) });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: { code: 'STORAGE_UNAVAILABLE' } });
      expect(await down.db.attachment.count()).toBe(0);
      expect(down.logLines.some((line) => line.includes('image storage unreachable'))).toBe(true);
      expect(down.logLines.join('\n')).not.toContain('127.0.0.1:9');
    } finally {
      await down.close();
    }
  });
});
