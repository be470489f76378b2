// The shapes (signed distances, negative inside) and the PNG encoder both icon generators draw with.
import { Buffer } from 'node:buffer';
import { deflateSync } from 'node:zlib';

export const clamp = (value, low, high) => Math.min(high, Math.max(low, value));
export const mix = (a, b, t) => a + (b - a) * t;

/** The gradient of the icon's background, top-left to bottom-right. */
export const TOP = [37, 99, 235];
export const BOTTOM = [124, 58, 237];

export function roundedSquare(x, y, half, radius) {
  const qx = Math.abs(x) - half + radius;
  const qy = Math.abs(y) - half + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

/** A ring arc from 12 o'clock clockwise through `sweep` radians, with round caps. */
export function arc(x, y, radius, thickness, sweep) {
  const angle = (Math.atan2(x, -y) + 2 * Math.PI) % (2 * Math.PI);
  if (angle <= sweep) return Math.abs(Math.hypot(x, y) - radius) - thickness / 2;
  const ends = [0, sweep].map((a) => Math.hypot(x - radius * Math.sin(a), y + radius * Math.cos(a)));
  return Math.min(...ends) - thickness / 2;
}

export function segment(x, y, ax, ay, bx, by, thickness) {
  const [px, py, dx, dy] = [x - ax, y - ay, bx - ax, by - ay];
  const t = clamp((px * dx + py * dy) / (dx * dx + dy * dy), 0, 1);
  return Math.hypot(px - dx * t, py - dy * t) - thickness / 2;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A square 8-bit RGBA PNG from filtered scanlines (each row: filter byte 0, then RGBA pixels). */
export function encodePng(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
