#!/usr/bin/env node
/**
 * Draws the extension icon (128×128) and one icon per task (32×32) with pngjs.
 * The output is committed; run `node scripts/make-icons.mjs` again only when the design changes.
 *
 * Design: a navy shield (the warden) holding a white glyph on an accent-coloured face. The extension icon
 * shows a pool (three waves); each task has its own accent colour and glyph.
 * Shapes are written as "is this point inside?" tests in a unit square and rendered with supersampling,
 * which gives smooth edges without a vector library.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const NAVY = [22, 44, 79];
const WHITE = [255, 255, 255];

/** Half-width of the shield at height y (0 = top, 1 = bottom); 0 outside the shield. */
function shieldHalfWidth(y, top, bottom, halfWidth) {
  if (y < top || y > bottom) return 0;
  const shoulder = top + (bottom - top) * 0.45;
  if (y <= shoulder) return halfWidth;
  // Below the shoulder the sides curve in to a point at the bottom.
  const t = (y - shoulder) / (bottom - shoulder);
  return halfWidth * Math.sqrt(Math.max(0, 1 - t * t)) * (1 - 0.35 * t);
}

function insideShield(x, y, inset) {
  const top = 0.06 + inset;
  const bottom = 0.96 - inset * 1.6;
  const halfWidth = 0.42 - inset;
  return Math.abs(x - 0.5) <= shieldHalfWidth(y, top, bottom, halfWidth);
}

const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring = (cx, cy, r, width) => (x, y) => {
  const d = Math.hypot(x - cx, y - cy);
  return d <= r && d >= r - width;
};
/** A thick line from (ax, ay) to (bx, by). */
const segment = (ax, ay, bx, by, width) => (x, y) => {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy)) <= width / 2;
};
const union =
  (...shapes) =>
  (x, y) =>
    shapes.some((shape) => shape(x, y));
/** A band following a sine wave: the "water" of the pool. */
const wave = (cy, amplitude, thickness, x0, x1) => (x, y) =>
  x >= x0 && x <= x1 && Math.abs(y - (cy + amplitude * Math.sin(((x - x0) / (x1 - x0)) * Math.PI * 4))) <= thickness / 2;
const triangle = (ax, ay, bx, by, cx, cy) => (x, y) => {
  const side = (px, py, qx, qy) => (x - qx) * (py - qy) - (px - qx) * (y - qy);
  const d1 = side(ax, ay, bx, by);
  const d2 = side(bx, by, cx, cy);
  const d3 = side(cx, cy, ax, ay);
  const negative = d1 < 0 || d2 < 0 || d3 < 0;
  const positive = d1 > 0 || d2 > 0 || d3 > 0;
  return !(negative && positive);
};

/** Glyphs drawn in white on the shield face, in unit coordinates. */
const GLYPHS = {
  pool: union(wave(0.36, 0.035, 0.07, 0.25, 0.75), wave(0.5, 0.035, 0.07, 0.25, 0.75), wave(0.64, 0.035, 0.07, 0.3, 0.7)),
  // Inventory: a list of three agents (dot + line).
  inventory: union(
    circle(0.33, 0.33, 0.05),
    rect(0.42, 0.3, 0.7, 0.36),
    circle(0.33, 0.48, 0.05),
    rect(0.42, 0.45, 0.7, 0.51),
    circle(0.33, 0.63, 0.05),
    rect(0.42, 0.6, 0.62, 0.66),
  ),
  // Scaling: an up arrow and a down arrow.
  scale: union(
    triangle(0.36, 0.24, 0.24, 0.42, 0.48, 0.42),
    rect(0.325, 0.42, 0.395, 0.68),
    triangle(0.64, 0.72, 0.52, 0.54, 0.76, 0.54),
    rect(0.605, 0.28, 0.675, 0.54),
  ),
  // Role audit: a person (head and shoulders).
  role: union(circle(0.5, 0.35, 0.1), (x, y) => y >= 0.5 && y <= 0.7 && (x - 0.5) ** 2 / 0.04 + (y - 0.7) ** 2 / 0.04 <= 1),
  // PAT audit: a key (ring, shaft, two teeth).
  key: union(ring(0.36, 0.4, 0.12, 0.065), rect(0.45, 0.375, 0.72, 0.435), rect(0.6, 0.435, 0.65, 0.53), rect(0.68, 0.435, 0.72, 0.5)),
  // Report merge: two organizations flowing into one report.
  merge: union(
    circle(0.32, 0.3, 0.075),
    circle(0.68, 0.3, 0.075),
    circle(0.5, 0.64, 0.09),
    segment(0.32, 0.3, 0.5, 0.64, 0.07),
    segment(0.68, 0.3, 0.5, 0.64, 0.07),
  ),
};

export const ICONS = [
  { file: 'images/extension-icon.png', size: 128, accent: [20, 160, 170], glyph: 'pool' },
  { file: 'tasks/PoolInventoryV1/icon.png', size: 32, accent: [20, 160, 170], glyph: 'inventory' },
  { file: 'tasks/ScaleSetAgentsV1/icon.png', size: 32, accent: [59, 130, 246], glyph: 'scale' },
  { file: 'tasks/PoolRoleAuditV1/icon.png', size: 32, accent: [217, 119, 6], glyph: 'role' },
  { file: 'tasks/PatAuditV1/icon.png', size: 32, accent: [220, 38, 38], glyph: 'key' },
  { file: 'tasks/ReportMergeV1/icon.png', size: 32, accent: [124, 58, 237], glyph: 'merge' },
];

/** Colour of one sample point, or null when it is outside the icon. */
function sample(x, y, accent, glyph) {
  if (!insideShield(x, y, 0)) return null;
  if (!insideShield(x, y, 0.06)) return NAVY;
  return glyph(x, y) ? WHITE : accent;
}

/** Renders one icon with `samples`² subsamples per pixel and returns the PNG bytes. */
export function renderIcon(size, accent, glyphName, samples = 6) {
  const glyph = GLYPHS[glyphName];
  if (!glyph) throw new Error(`Unknown glyph '${glyphName}'`);
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        covered = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const colour = sample((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size, accent, glyph);
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          covered++;
        }
      }
      const i = (py * size + px) * 4;
      // Colours are averaged over covered samples only; coverage becomes alpha (straight alpha, as PNG wants).
      png.data[i] = covered ? Math.round(r / covered) : 0;
      png.data[i + 1] = covered ? Math.round(g / covered) : 0;
      png.data[i + 2] = covered ? Math.round(b / covered) : 0;
      png.data[i + 3] = Math.round((covered / (samples * samples)) * 255);
    }
  }
  return PNG.sync.write(png);
}

function main() {
  for (const icon of ICONS) {
    const target = path.join(repoRoot, icon.file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, renderIcon(icon.size, icon.accent, icon.glyph));
    console.log(`${icon.file} (${icon.size}×${icon.size})`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
