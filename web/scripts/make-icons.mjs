/**
 * Draws the app's icons (the favicon's "C" on the brand teal) as PNGs, with node:zlib only.
 * Run once when the mark changes (`node scripts/make-icons.mjs`); the PNGs are committed.
 * Maskable icons fill the square and keep the mark inside the 80 % safe zone.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const TEAL = [0x1f, 0x5f, 0x6b];
const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Coverage (0..1) of the mark at a point of the 32-unit favicon square, 4×4 supersampled by the caller. */
function inMark(x, y) {
  const dx = x - 15.6, dy = y - 16, d = Math.hypot(dx, dy);
  const angle = Math.abs(Math.atan2(dy, dx));
  const onRing = Math.abs(d - 8) <= 1.6 && angle >= 0.74;
  const cap = (cx, cy) => Math.hypot(x - cx, y - cy) <= 1.6;
  return onRing || cap(21.5, 10.6) || cap(21.5, 21.4);
}
const inRoundedSquare = (x, y) => {
  const r = 7, cx = Math.min(Math.max(x, r), 32 - r), cy = Math.min(Math.max(y, r), 32 - r);
  return Math.hypot(x - cx, y - cy) <= r;
};

function icon(size, maskable) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const scale = maskable ? 0.7 : 1; // the mark's share of the square
  for (let py = 0; py < size; py++) {
    raw[py * (size * 4 + 1)] = 0;
    for (let px = 0; px < size; px++) {
      let bg = 0, mark = 0;
      for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) {
        const u = ((px + (sx + 0.5) / 4) / size) * 32, v = ((py + (sy + 0.5) / 4) / size) * 32;
        const filled = maskable || inRoundedSquare(u, v);
        if (!filled) continue;
        bg++;
        if (inMark(16 + (u - 16) / scale, 16 + (v - 16) / scale)) mark++;
      }
      const o = py * (size * 4 + 1) + 1 + px * 4, w = mark / Math.max(bg, 1);
      for (let c = 0; c < 3; c++) raw[o + c] = Math.round(TEAL[c] * (1 - w) + 255 * w);
      raw[o + 3] = Math.round((bg / 16) * 255);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const dir = new URL('../static/icons/', import.meta.url);
for (const [name, size, maskable] of [['icon-192.png', 192, false], ['icon-512.png', 512, false], ['maskable-192.png', 192, true], ['maskable-512.png', 512, true], ['apple-touch-icon.png', 180, true]]) {
  writeFileSync(new URL(name, dir), icon(size, maskable));
}
