/**
 * A real S3-compatible server for tests: @20minutes/s3rver (a maintained fork of s3rver, in
 * JavaScript), on a free port of loopback, storing in a temporary folder. It checks SigV4
 * signatures against its one account (S3RVER / S3RVER). The bucket is made by the server at start
 * (its `configureBuckets`): s3rver canonicalises a path-style bucket URL with a trailing slash
 * ("/bucket/") where the SDK signs "/bucket", so bucket-level calls (CreateBucket, HeadBucket) fail
 * their signature check there; object calls, the only ones the API makes, are signed alike.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from '@20minutes/s3rver';
import { S3Client } from '@aws-sdk/client-s3';

export interface TestS3 {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The environment that points the API's storage at this server. */
  env: { UPLOAD_STORAGE: 's3'; S3_ENDPOINT: string; S3_BUCKET: string; S3_REGION: string; S3_ACCESS_KEY_ID: string; S3_SECRET_ACCESS_KEY: string };
  /** A client of its own, to look at the bucket from outside the API. */
  client: S3Client;
  close(): Promise<void>;
}

export async function startS3Server(bucket = 'case-images'): Promise<TestS3> {
  const directory = await mkdtemp(path.join(tmpdir(), 'consilium-s3-'));
  // vhostBuckets off: only path-style addressing (http://host:port/bucket/key), as S3Storage uses.
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, vhostBuckets: false, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const region = 'eu-west-3';
  const client = new S3Client({ endpoint, region, forcePathStyle: true, credentials });
  return {
    endpoint,
    bucket,
    region,
    ...credentials,
    env: { UPLOAD_STORAGE: 's3', S3_ENDPOINT: endpoint, S3_BUCKET: bucket, S3_REGION: region, S3_ACCESS_KEY_ID: credentials.accessKeyId, S3_SECRET_ACCESS_KEY: credentials.secretAccessKey },
    client,
    async close() {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
