/**
 * Draws the app's icons (PNG) without an image library: a rounded dark tile with a blue disc and
 * five sound bars. Deterministic; run after changing the design, and commit the output.
 *
 *   node --import tsx scripts/make-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An RGBA image as PNG bytes. */
function png(
  size: number,
  pixel: (x: number, y: number) => [number, number, number, number],
): Buffer {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x + 0.5, y + 0.5);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

const BG: [number, number, number] = [15, 23, 42];
const DISC: [number, number, number] = [37, 99, 235];
const BAR: [number, number, number] = [226, 232, 240];

/** The design on a unit square; `safe` shrinks it into the maskable safe zone. */
function icon(size: number, opts: { rounded: boolean; safe: number }) {
  return png(size, (px, py) => {
    const x = px / size;
    const y = py / size;
    // Background tile (rounded corners unless maskable: the platform masks it).
    if (opts.rounded) {
      const r = 0.22;
      const dx = Math.max(r - x, 0, x - (1 - r));
      const dy = Math.max(r - y, 0, y - (1 - r));
      if (dx * dx + dy * dy > r * r) return [0, 0, 0, 0];
    }
    const u = (x - 0.5) / opts.safe + 0.5;
    const v = (y - 0.5) / opts.safe + 0.5;
    const d = Math.hypot(u - 0.5, v - 0.5);
    let color: [number, number, number] = d < 0.36 ? DISC : BG;
    const heights = [0.12, 0.22, 0.32, 0.22, 0.12];
    heights.forEach((h, i) => {
      const cx = 0.5 + (i - 2) * 0.1;
      if (Math.abs(u - cx) < 0.032 && Math.abs(v - 0.5) < h / 2 + 0.001) color = BAR;
    });
    return [...color, 255];
  });
}

const out = new URL('../web/public/icons/', import.meta.url);
for (const size of [192, 512])
  writeFileSync(new URL(`icon-${size}.png`, out), icon(size, { rounded: true, safe: 1 }));
writeFileSync(new URL('maskable-512.png', out), icon(512, { rounded: false, safe: 0.8 }));
writeFileSync(new URL('apple-touch-icon-180.png', out), icon(180, { rounded: false, safe: 0.9 }));
writeFileSync(new URL('favicon-64.png', out), icon(64, { rounded: true, safe: 1 }));
