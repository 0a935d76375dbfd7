import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type TestS3 } from '../../test/s3-server.ts';
import { LocalFolderStorage, S3Storage, type Storage } from './storage.ts';

let s3: TestS3;
let folder: string;

beforeAll(async () => {
  s3 = await startS3Server();
  folder = await mkdtemp(path.join(tmpdir(), 'consilium-storage-'));
});
afterAll(async () => {
  await s3?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

const s3Storage = (bucket = s3.bucket, secretAccessKey = s3.secretAccessKey) =>
  new S3Storage(bucket, { endpoint: s3.endpoint, region: s3.region, accessKeyId: s3.accessKeyId, secretAccessKey });

const implementations: Array<[string, () => Storage]> = [
  ['local folder', () => new LocalFolderStorage(folder)],
  ['S3-compatible bucket (s3rver, path-style)', () => s3Storage()],
];

describe.each(implementations)('%s', (_name, make) => {
  it('gives back the bytes it was given, and the latest ones after an overwrite', async () => {
    const storage = make();
    const image = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#3366cc' } }).png().toBuffer();
    await storage.put('0b8e7a52-6a3c-4d0e-9a55-1f0c2a7b9e01.png', image, 'image/png');
    expect((await storage.get('0b8e7a52-6a3c-4d0e-9a55-1f0c2a7b9e01.png'))?.equals(image)).toBe(true);

    const other = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).png().toBuffer();
    await storage.put('0b8e7a52-6a3c-4d0e-9a55-1f0c2a7b9e01.png', other, 'image/png');
    expect((await storage.get('0b8e7a52-6a3c-4d0e-9a55-1f0c2a7b9e01.png'))?.equals(other)).toBe(true);
  });

  it('answers null for a key never stored and for a deleted one; deleting twice is no error', async () => {
    const storage = make();
    expect(await storage.get('7d1f3c9e-0000-4000-8000-000000000000.jpg')).toBeNull();
    await storage.put('7d1f3c9e-1111-4000-8000-000000000000.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xd9]), 'image/jpeg');
    await storage.delete('7d1f3c9e-1111-4000-8000-000000000000.jpg');
    expect(await storage.get('7d1f3c9e-1111-4000-8000-000000000000.jpg')).toBeNull();
    await expect(storage.delete('7d1f3c9e-1111-4000-8000-000000000000.jpg')).resolves.toBeUndefined();
  });

  it('stores an empty object as empty bytes, not as missing', async () => {
    const storage = make();
    await storage.put('empty-object.webp', Buffer.alloc(0), 'image/webp');
    expect((await storage.get('empty-object.webp'))?.length).toBe(0);
  });

  it('refuses keys that could leave its folder or bucket prefix', async () => {
    const storage = make();
    await expect(storage.put('../escape.jpg', Buffer.from('x'), 'image/jpeg')).rejects.toThrow('invalid storage key');
    await expect(storage.get('/etc/passwd')).rejects.toThrow('invalid storage key');
    await expect(storage.get('a/../../b.jpg')).rejects.toThrow('invalid storage key');
  });
});

describe('S3 bucket specifics', () => {
  it('keeps the content type on the object', async () => {
    await s3Storage().put('c0ffee00-0000-4000-8000-000000000001.webp', Buffer.from('RIFF\0\0\0\0WEBP'), 'image/webp');
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: 'c0ffee00-0000-4000-8000-000000000001.webp' }));
    expect(head.ContentType).toBe('image/webp');
  });

  it('fails loudly, not as "not found", when the bucket is missing or the credentials are wrong', async () => {
    await expect(s3Storage('no-such-bucket').get('c0ffee00-0000-4000-8000-000000000002.jpg')).rejects.toThrow(/bucket/i);
    await expect(s3Storage(s3.bucket, 'wrong-secret').get('c0ffee00-0000-4000-8000-000000000002.jpg')).rejects.toThrow(/signature/i);
    await expect(s3Storage(s3.bucket, 'wrong-secret').put('c0ffee00-0000-4000-8000-000000000002.jpg', Buffer.from('x'), 'image/jpeg')).rejects.toThrow(/signature/i);
  });
});
