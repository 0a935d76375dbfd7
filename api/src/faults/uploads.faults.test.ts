/**
 * The upload folder full (issue 15, point 5): UPLOAD_DIR on a tmpfs of 1 MiB of the suite's own
 * (`mount -t tmpfs`, which needs root: CI runs as root), filled until an image no longer fits.
 * An upload then gets 507 INSUFFICIENT_STORAGE and leaves nothing half-written — no attachment
 * row, no partial file — while answers, replies and logins go on; once space is freed, uploads
 * work again. Without the right to mount, the test says so and is skipped: a folder of the
 * machine's own disk cannot be filled safely.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { readdir, rm, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { finder, loadPlan } from './fixture.ts';
import { faultLine, startLoad, tally, type Tally } from './load.ts';
import { faultSuite } from './suite.ts';

const suite = faultSuite();

/** A tmpfs of `size`, or why it cannot be had. */
function mountTmpfs(size: string): { dir: string; unmount(): void } | { refused: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'consilium-faults-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    return { refused: String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).trim() };
  }
  return {
    dir,
    unmount() {
      execFileSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const full = mountTmpfs('1m');
if ('refused' in full) console.log(`upload folder full: SKIPPED — mount -t tmpfs was refused (${full.refused}); run the suite as root`);
afterAll(() => {
  if ('dir' in full) full.unmount();
});

/** A photo of noise: its JPEG stays large after the API re-encodes it (about 100 kB). */
function noisePhoto(): Promise<Buffer> {
  const side = 200;
  return sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
}

async function upload(port: number, token: string): Promise<{ status: number; code?: string; id?: string }> {
  const response = await fetch(`http://127.0.0.1:${port}/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' },
    body: new Uint8Array(await noisePhoto()),
  });
  const body = (await response.json()) as { id?: string; error?: { code: string } };
  return { status: response.status, code: body.error?.code, id: body.id };
}

describe.skipIf('refused' in full)('the upload folder full', () => {
  it('ENOSPC: 507 with a code, no attachment row, no partial file; the rest of the load goes on, and uploads resume once space is freed', async () => {
    const dir = (full as { dir: string }).dir;
    const a = await suite.api('api-full-disk', { UPLOAD_DIR: dir });
    const plan = await loadPlan(suite.t, a.port!, 30);
    const load = startLoad(() => a.port!, plan);
    const uploads: Array<{ status: number; code?: string; id?: string }> = [];
    for (let i = 0; i < 2; i++) uploads.push(await upload(a.port!, plan.writerToken));

    // Fill the folder until less than an image's worth is left.
    const filler = path.join(dir, 'filler');
    const { bavail, bsize } = await statfs(dir);
    await writeFile(filler, Buffer.alloc(Math.max(0, bavail * bsize - 20_000)));
    const refused = [];
    for (let i = 0; i < 3; i++) refused.push(await upload(a.port!, plan.writerToken));
    uploads.push(...refused);
    const filesWhileFull = (await readdir(dir)).sort();

    await rm(filler);
    for (let i = 0; i < 2; i++) uploads.push(await upload(a.port!, plan.writerToken));
    await load.answered(6);
    const outcomes = await load.stop();

    expect(refused.map((r) => [r.status, r.code])).toEqual(Array(3).fill([507, 'INSUFFICIENT_STORAGE']));
    // Nothing half-written: the folder held the two images before and the filler, nothing else.
    const before = uploads.slice(0, 2);
    expect(before.every((u) => u.status === 201)).toBe(true);
    expect(filesWhileFull.filter((f) => f !== 'filler')).toEqual(before.map((u) => `${u.id}.jpg`).sort());
    const acked = uploads.filter((u) => u.status === 201).map((u) => u.id!);
    const rows = await suite.t.db.attachment.findMany({ select: { id: true, storageKey: true } });
    expect(rows.map((r) => r.id).sort()).toEqual([...acked].sort());
    const files = new Set(await readdir(dir));
    const uploadTally: Tally = { sent: uploads.length, acknowledged: acked.length, found: rows.filter((r) => files.has(r.storageKey)).length, lost: 0 };
    uploadTally.lost = uploadTally.acknowledged - uploadTally.found;

    const counts = await tally(outcomes, finder(suite.t, plan, () => a.port!));
    console.log(faultLine('Upload folder full (tmpfs 1 MiB, ENOSPC)', '4 clients: answers, replies, logins; 7 uploads', { ...counts, upload: uploadTally } as never));
    expect([...Object.values(counts), uploadTally].map((c) => c.lost)).toEqual([0, 0, 0, 0]);
    expect(outcomes.every((o) => o.acknowledged)).toBe(true);
    expect(uploads.slice(-2).every((u) => u.status === 201)).toBe(true);
  });
});
