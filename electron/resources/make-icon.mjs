#!/usr/bin/env node
// Draws electron/resources/icon.png (1024×1024): a countdown ring on a blue-violet rounded square.
// electron-builder turns it into the .ico/.icns/Linux icons. Run `node electron/resources/make-icon.mjs`
// after changing the drawing.
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 1024;
const center = SIZE / 2;

const clamp = (value, low, high) => Math.min(high, Math.max(low, value));
const mix = (a, b, t) => a + (b - a) * t;
/** Pixel coverage of a shape from its signed distance (negative inside), antialiased over one pixel. */
const coverage = (distance) => clamp(0.5 - distance, 0, 1);

function roundedSquare(x, y, half, radius) {
  const qx = Math.abs(x) - half + radius;
  const qy = Math.abs(y) - half + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

/** A ring arc from 12 o'clock clockwise through `sweep` radians, with round caps. */
function arc(x, y, radius, thickness, sweep) {
  const angle = (Math.atan2(x, -y) + 2 * Math.PI) % (2 * Math.PI);
  if (angle <= sweep) return Math.abs(Math.hypot(x, y) - radius) - thickness / 2;
  const ends = [0, sweep].map((a) => Math.hypot(x - radius * Math.sin(a), y + radius * Math.cos(a)));
  return Math.min(...ends) - thickness / 2;
}

function segment(x, y, ax, ay, bx, by, thickness) {
  const [px, py, dx, dy] = [x - ax, y - ay, bx - ax, by - ay];
  const t = clamp((px * dx + py * dy) / (dx * dx + dy * dy), 0, 1);
  return Math.hypot(px - dx * t, py - dy * t) - thickness / 2;
}

const top = [37, 99, 235];
const bottom = [124, 58, 237];
const stroke = SIZE * 0.075;
const ringRadius = SIZE * 0.27;

const rows = [];
for (let row = 0; row < SIZE; row++) {
  const line = Buffer.alloc(1 + SIZE * 4);
  for (let col = 0; col < SIZE; col++) {
    const x = col + 0.5 - center;
    const y = row + 0.5 - center;
    const background = coverage(roundedSquare(x, y, SIZE * 0.44, SIZE * 0.19));
    const ring = coverage(arc(x, y, ringRadius, stroke, Math.PI * 1.5));
    const hand = coverage(segment(x, y, 0, 0, SIZE * 0.13, -SIZE * 0.09, stroke * 0.8));
    const dot = coverage(Math.hypot(x, y) - stroke * 0.75);
    const white = Math.max(ring, hand, dot);
    const t = clamp((x + y) / (SIZE * 0.88) + 0.5, 0, 1);
    const offset = 1 + col * 4;
    for (let channel = 0; channel < 3; channel++) {
      line[offset + channel] = Math.round(mix(mix(top[channel], bottom[channel], t), 255, white));
    }
    line[offset + 3] = Math.round(255 * background);
  }
  rows.push(line);
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

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const target = path.join(path.dirname(fileURLToPath(import.meta.url)), 'icon.png');
writeFileSync(target, png);
process.stdout.write(`wrote ${target} (${png.length} bytes)\n`);
