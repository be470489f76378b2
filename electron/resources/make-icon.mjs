#!/usr/bin/env node
// Draws electron/resources/icon.png (1024×1024): a countdown ring on a blue-violet rounded square.
// electron-builder turns it into the .ico/.icns/Linux icons. Run `node electron/resources/make-icon.mjs`
// after changing the drawing.
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { arc, BOTTOM as bottom, clamp, encodePng, mix, roundedSquare, segment, TOP as top } from './icon-drawing.mjs';

const SIZE = 1024;
const center = SIZE / 2;

/** Pixel coverage of a shape from its signed distance (negative inside), antialiased over one pixel. */
const coverage = (distance) => clamp(0.5 - distance, 0, 1);

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

const png = encodePng(SIZE, Buffer.concat(rows));
const target = path.join(path.dirname(fileURLToPath(import.meta.url)), 'icon.png');
writeFileSync(target, png);
process.stdout.write(`wrote ${target} (${png.length} bytes)\n`);
