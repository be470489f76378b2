#!/usr/bin/env node
// Draws electron/resources/tray-icon.png (16 px) and tray-icon@2x.png (32 px; Electron picks it on HiDPI
// screens): the app icon's countdown ring, sampled 8×8 per pixel so it stays crisp that small. For the
// macOS menu bar, trayIconTemplate.png and @2x: the ring and hand alone, black on transparent; a file
// name ending in "Template" makes it a template image, which macOS tints for light and dark menu bars.
// electron-builder copies both beside app.asar (extraResources). Run
// `node electron/resources/make-tray-icon.mjs` after changing it.
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { arc, BOTTOM as bottom, clamp, encodePng, mix, roundedSquare, segment, TOP as top } from './icon-drawing.mjs';

const SAMPLES = 8;
// The shapes of make-icon.mjs, in a unit square centred on 0.
// Thicker strokes than the 1024 px icon: a 16 px ring needs at least one whole pixel of line.
const stroke = 0.11;

function pixel(x, y) {
  const background = roundedSquare(x, y, 0.47, 0.17) < 0;
  const white = arc(x, y, 0.26, stroke, Math.PI * 1.5) < 0 || segment(x, y, 0, 0, 0.13, -0.09, stroke * 0.8) < 0;
  return { background, white };
}

/** The template variant: black, with the glyph's coverage as alpha (no background square). */
function drawTemplate(size) {
  const rows = [];
  for (let row = 0; row < size; row++) {
    const line = Buffer.alloc(1 + size * 4);
    for (let col = 0; col < size; col++) {
      let covered = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (col + (sx + 0.5) / SAMPLES) / size - 0.5;
          const y = (row + (sy + 0.5) / SAMPLES) / size - 0.5;
          // The glyph fills the menu bar's square: scaled up from the ring inside the app icon.
          if (arc(x * 0.7, y * 0.7, 0.26, stroke * 0.85, Math.PI * 1.5) < 0 || segment(x * 0.7, y * 0.7, 0, 0, 0.13, -0.09, stroke * 0.75) < 0) covered += 1;
        }
      }
      line[1 + col * 4 + 3] = Math.round((255 * covered) / (SAMPLES * SAMPLES));
    }
    rows.push(line);
  }
  return encodePng(size, Buffer.concat(rows));
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

const dir = path.dirname(fileURLToPath(import.meta.url));
const files = [
  ['tray-icon.png', 16, draw],
  ['tray-icon@2x.png', 32, draw],
  ['trayIconTemplate.png', 16, drawTemplate],
  ['trayIconTemplate@2x.png', 32, drawTemplate],
];
for (const [name, size, paint] of files) {
  const png = paint(size);
  writeFileSync(path.join(dir, name), png);
  process.stdout.write(`wrote ${path.join(dir, name)} (${png.length} bytes)\n`);
}
