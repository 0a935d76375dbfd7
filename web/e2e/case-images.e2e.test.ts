/**
 * Case images are masked in the browser before they leave the device (issue #16, point 4): a
 * rectangle drawn on a picked PNG comes back black from the server's copy while the rest of the
 * picture is as it was, no request carries the picked file's bytes, the post records the
 * author's attestation, and the face detector runs from this origin's own model files.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from './api.ts';
import { DESKTOP, useBrowserStack, type Locale } from './browser-stack.ts';
import { logInOn } from './harness.ts';

const e2e = useBrowserStack();
let physician: string;

const WIDTH = 240;
const HEIGHT = 160;
/** A busy pattern: no two neighbours alike, so that a mask cannot pass for the picture. */
const pixel = (x: number, y: number): [number, number, number] => [(x * 7 + y * 3) % 256, (x * 2 + y * 11) % 256, ((x ^ y) * 5) % 256];

function png(width: number, height: number, at: (x: number, y: number) => [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rows.set(at(x, y), y * (width * 3 + 1) + 1 + x * 3);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

const ORIGINAL = png(WIDTH, HEIGHT, pixel);

beforeAll(async () => {
  physician = await e2e.physician({ specialty: 'dermatology' });
});

async function logIn(locale: Locale, viewport: { width: number; height: number } = DESKTOP): Promise<Page> {
  // No service worker: it precaches the model files, and a request it answers is out of page.route's
  // reach (the model-failure test) and of the network log (the model is fetched from our origin).
  const page = await e2e.newPage({ locale, viewport, timeout: 10_000, context: { serviceWorkers: 'block' } });
  // Every body the page hands to fetch or XHR, byte for byte (a DevTools capture may leave out a file part).
  await page.addInitScript(() => {
    const sent: string[] = [];
    (window as unknown as { __sent: string[] }).__sent = sent;
    const keep = async (body: unknown) => {
      const parts: Blob[] = [];
      if (body instanceof FormData) for (const [, v] of body.entries()) parts.push(typeof v === 'string' ? new Blob([v]) : v);
      else if (body instanceof Blob) parts.push(body);
      else if (typeof body === 'string') parts.push(new Blob([body]));
      else if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) parts.push(new Blob([body as ArrayBuffer]));
      for (const part of parts) {
        const bytes = new Uint8Array(await part.arrayBuffer());
        let binary = '';
        for (const b of bytes) binary += String.fromCharCode(b);
        sent.push(btoa(binary));
      }
    };
    const fetchOf = window.fetch.bind(window);
    window.fetch = async (input, init) => {
      await keep(init?.body ?? (input instanceof Request ? await input.clone().blob() : undefined));
      return fetchOf(input, init);
    };
    const xhrSend = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function (body) {
      void keep(body);
      return xhrSend.call(this, body);
    };
  });
  await logInOn(page, physician, PASSWORD, locale);
  return page;
}

/** The RGB of the server's copy at each point, decoded by the browser from `/uploads/<id>`. */
async function storedPixels(page: Page, url: string, points: Array<[number, number]>): Promise<Array<[number, number, number]>> {
  return page.evaluate(
    async ({ url, points }) => {
      const image = new Image();
      image.src = url;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(image, 0, 0);
      return points.map(([x, y]) => Array.from(ctx.getImageData(x, y, 1, 1).data.slice(0, 3)) as [number, number, number]);
    },
    { url, points },
  );
}

const grid = (x0: number, x1: number, y0: number, y1: number): Array<[number, number]> => {
  const out: Array<[number, number]> = [];
  for (let x = x0; x <= x1; x += 8) for (let y = y0; y <= y1; y += 8) out.push([x, y]);
  return out;
};

describe('a case image in the composer', () => {
  it('is masked in the browser: the server’s copy is black where the author drew, unchanged elsewhere, and the original is never sent', async () => {
    const page = await logIn('en-GB');
    const requests: Buffer[] = [];
    page.on('request', (r) => {
      const body = r.postDataBuffer();
      if (body) requests.push(body);
    });
    await page.goto('/discussion/new');
    await page.getByLabel('Title').fill('Annular plaque on the forearm');
    await page.getByLabel('Post', { exact: true }).fill('A plaque for three weeks. Picture below.\n');
    await page.getByLabel('Case images (optional)').setInputFiles({ name: 'forearm.png', mimeType: 'image/png', buffer: ORIGINAL });
    await page.getByTestId('masker-status').getByText('Image ready to mask.').waitFor();

    // A black rectangle drawn by pointer over the left part: image pixels about (24, 16) to (96, 112).
    const canvas = page.getByTestId('masker-canvas');
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.1);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.4, { steps: 4 });
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.7, { steps: 4 });
    await page.mouse.up();
    await page.getByTestId('masker-status').getByText('Region 1 masked.').waitFor();

    // By keyboard: a second rectangle in the middle, moved right, then both steps undone.
    await page.getByRole('button', { name: 'Add a rectangle' }).click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('masker-canvas');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowDown');
    expect(await page.getByRole('list', { name: 'Masked regions' }).getByRole('listitem').count()).toBe(2);
    for (let i = 0; i < 3; i++) await page.keyboard.press('Control+z');
    expect(await page.getByRole('list', { name: 'Masked regions' }).getByRole('listitem').count()).toBe(1);

    await page.getByRole('button', { name: 'Use this image' }).click();
    await page.getByTestId('upload-status').getByText('Image added to the post.').waitFor();

    // Without the attestation, the post is refused and says why.
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Attest the patient’s consent or the images’ full de-identification.').first().waitFor();
    await page.getByLabel('The patient consented to these images being published.').check();
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/discussion/t/'));
    expect(await page.getByTestId('image-attestation').textContent()).toContain('Patient consent recorded');

    const url = (await page.getByTestId('attachment').getAttribute('src'))!;
    const masked = grid(32, 88, 24, 104);
    const untouched = grid(140, 232, 8, 152);
    for (const rgb of await storedPixels(page, url, masked)) expect(Math.max(...rgb)).toBeLessThanOrEqual(8);
    const kept = await storedPixels(page, url, untouched);
    kept.forEach((rgb, i) => {
      const want = pixel(...untouched[i]!);
      for (let c = 0; c < 3; c++) expect(Math.abs(rgb[c]! - want[c]!)).toBeLessThanOrEqual(3);
    });

    // What the page sent: one masked PNG, never the picked file (nor its pixel data).
    const sent = (await page.evaluate(() => (window as unknown as { __sent: string[] }).__sent)).map((b) => Buffer.from(b, 'base64'));
    const idat = ORIGINAL.subarray(41, 41 + 64);
    const uploads = sent.filter((b) => b.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])));
    expect(uploads).toHaveLength(1);
    for (const body of [...sent, ...requests]) {
      expect(body.includes(ORIGINAL)).toBe(false);
      expect(body.includes(idat)).toBe(false);
    }
  });
});

describe('an image picked while the page is still loading', () => {
  it('goes to the masker once the script runs, and leaves the form (which would post it unmasked)', async () => {
    const page = await logIn('en-GB');
    // The app's script held back, as on a slow phone: the file is picked before it runs.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/_app/immutable/entry/**', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/discussion/new', { waitUntil: 'commit' });
    await page.getByLabel('Case images (optional)').setInputFiles({ name: 'early.png', mimeType: 'image/png', buffer: ORIGINAL });
    release();
    await page.getByTestId('masker-status').getByText('Image ready to mask.').waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => (document.getElementById('images-input') as HTMLInputElement).files?.length)).toBe(0);
  }, 60_000);
});

describe('face detection', () => {
  it('says so when the model cannot be loaded, and masking by hand still works', async () => {
    const page = await logIn('en-GB');
    await page.route('**/models/face/**', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto('/discussion/new');
    await page.getByLabel('Case images (optional)').setInputFiles({ name: 'scan.png', mimeType: 'image/png', buffer: ORIGINAL });
    await page.getByTestId('masker-status').getByText('Image ready to mask.').waitFor({ timeout: 45_000 });
    await page.getByRole('button', { name: 'Detect faces' }).click();
    await page.getByTestId('masker-status').getByText('Face detection could not be loaded. Masking by hand still works.').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Add a rectangle' }).click();
    expect(await page.getByRole('list', { name: 'Masked regions' }).getByRole('listitem').count()).toBe(1);
  }, 90_000);

  const faceApi = path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json'));

  it('proposes the face of the package’s own sample photo, with a model served from this origin only', async () => {
    const page = await logIn('fr-FR', { width: 375, height: 800 });
    const origins = new Set<string>();
    const models: Array<{ url: string; status: number }> = [];
    page.on('request', (r) => {
      if (/^https?:/.test(r.url())) origins.add(new URL(r.url()).origin);
    });
    page.on('response', (r) => {
      if (r.url().includes('/models/face/')) models.push({ url: new URL(r.url()).pathname, status: r.status() });
    });
    // The detector runs in a worker of its own, so that the composer stays responsive meanwhile.
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(new URL(w.url()).pathname));
    await page.goto('/discussion/new');
    await page.getByLabel('Images du cas (facultatif)').setInputFiles({ name: 'portrait.jpg', mimeType: 'image/jpeg', buffer: readFileSync(path.join(faceApi, 'demo', 'sample1.jpg')) });
    await page.getByTestId('masker-status').getByText('Image prête à masquer.').waitFor();
    await page.getByRole('button', { name: 'Détecter les visages' }).click();
    await page.getByTestId('face-proposals').waitFor({ timeout: 90_000 });
    const proposed = await page.getByTestId('face-proposals').getByRole('listitem').count();
    expect(proposed).toBeGreaterThanOrEqual(1);
    expect(models).toContainEqual({ url: '/models/face/tiny_face_detector_model.bin', status: 200 });
    expect(workers).toEqual([expect.stringMatching(/^\/_app\/immutable\/workers\/face-detection\.worker-[\w-]+\.js$/)]);
    expect([...origins]).toEqual([e2e.stack.webUrl]);

    await page.getByTestId('face-proposals').getByRole('button', { name: 'Masquer' }).first().click();
    expect(await page.getByRole('list', { name: 'Zones masquées' }).getByRole('listitem').count()).toBe(1);
  }, 120_000);
});
