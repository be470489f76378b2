#!/usr/bin/env node
// Draws electron/resources/tray-icon.png (16 px) and tray-icon@2x.png (32 px; Electron picks it on HiDPI
// screens): the app icon's countdown ring, sampled 8×8 per pixel so it stays crisp that small.
// electron-builder copies both beside app.asar (extraResources). Run
// `node electron/resources/make-tray-icon.mjs` after changing it.
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SAMPLES = 8;
const clamp = (value, low, high) => Math.min(high, Math.max(low, value));
const mix = (a, b, t) => a + (b - a) * t;

// The shapes of electron/resources/make-icon.mjs in a unit square centred on 0 (signed distances, negative inside).
function roundedSquare(x, y, half, radius) {
  const qx = Math.abs(x) - half + radius;
  const qy = Math.abs(y) - half + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}
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
// Thicker strokes than the 1024 px icon: a 16 px ring needs at least one whole pixel of line.
const stroke = 0.11;

function pixel(x, y) {
  const background = roundedSquare(x, y, 0.47, 0.17) < 0;
  const white = arc(x, y, 0.26, stroke, Math.PI * 1.5) < 0 || segment(x, y, 0, 0, 0.13, -0.09, stroke * 0.8) < 0;
  return { background, white };
}

function draw(size) {
  const rows = [];
  for (let row = 0; row < size; row++) {
    const line = Buffer.alloc(1 + size * 4);
    for (let col = 0; col < size; col++) {
      let alpha = 0;
      let whiteness = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const { background, white } = pixel((col + (sx + 0.5) / SAMPLES) / size - 0.5, (row + (sy + 0.5) / SAMPLES) / size - 0.5);
          if (background) alpha += 1;
          if (background && white) whiteness += 1;
        }
      }
      const t = clamp((col + row) / (2 * size), 0, 1);
      const offset = 1 + col * 4;
      for (let channel = 0; channel < 3; channel++) {
        line[offset + channel] = Math.round(mix(mix(top[channel], bottom[channel], t), 255, alpha > 0 ? whiteness / alpha : 0));
      }
      line[offset + 3] = Math.round((255 * alpha) / (SAMPLES * SAMPLES));
    }
    rows.push(line);
  }
  return encodePng(size, Buffer.concat(rows));
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
function encodePng(size, pixels) {
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

const dir = path.dirname(fileURLToPath(import.meta.url));
for (const [name, size] of [['tray-icon.png', 16], ['tray-icon@2x.png', 32]]) {
  const png = draw(size);
  writeFileSync(path.join(dir, name), png);
  process.stdout.write(`wrote ${path.join(dir, name)} (${png.length} bytes)\n`);
}
