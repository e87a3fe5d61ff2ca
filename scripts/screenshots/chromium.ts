import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';

/** Debian's package; other locations can be given with CHROMIUM=/path/to/chromium. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium(): string {
  const found = [process.env.CHROMIUM, ...CANDIDATES].find((candidate) => candidate && fs.existsSync(candidate));
  if (!found)
    throw new Error(`No headless Chromium found (${CANDIDATES.join(', ')}). On Debian: apt-get install -y chromium, or set CHROMIUM.`);
  return found;
}

/**
 * Captures an HTML file with headless Chromium at `width` × `maxHeight`, then crops the empty background below the
 * content so every image is as tall as its page. A fresh profile per capture; no network, no first-run work.
 */
export function capture(chromium: string, htmlFile: string, pngFile: string, width: number, maxHeight = 2200): void {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-chromium-'));
  try {
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--hide-scrollbars',
      `--user-data-dir=${profile}`,
      `--screenshot=${pngFile}`,
      `--window-size=${width},${maxHeight}`,
      `file://${htmlFile}`,
    ];
    const run = spawnSync(chromium, args, { encoding: 'utf8', timeout: 60_000 });
    if (!fs.existsSync(pngFile)) throw new Error(`Chromium wrote no screenshot (exit ${run.status}):\n${run.stderr}`);
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  cropBottom(pngFile, 16);
  shrink(pngFile);
}

/**
 * Palette-quantises the picture with pngquant when it is installed (Debian: apt-get install -y pngquant): text
 * screenshots lose nothing visible and shrink about 4×, which keeps the VSIX under its 3 MB budget.
 */
export function shrink(pngFile: string): void {
  const run = spawnSync('pngquant', ['--quality=60-85', '--speed=1', '--force', '--ext=.png', pngFile], { encoding: 'utf8' });
  if (run.error) console.warn(`pngquant not found: ${path.basename(pngFile)} stays full size (apt-get install -y pngquant)`);
  else if (run.status !== 0 && run.status !== 99) throw new Error(`pngquant failed on ${pngFile} (exit ${run.status}): ${run.stderr}`);
}

/**
 * Removes rows at the bottom that have the page background colour, keeping `margin` rows. A page taller than the
 * window is cut there: its last rows fade into the background so the picture does not end in the middle of a row.
 */
export function cropBottom(pngFile: string, margin: number, background = [248, 248, 248]): void {
  const png = PNG.sync.read(fs.readFileSync(pngFile));
  const { width, height, data } = png;
  const isBackground = (offset: number) =>
    data[offset] === background[0] && data[offset + 1] === background[1] && data[offset + 2] === background[2];
  let last = height - 1;
  rows: for (; last > 0; last--) {
    for (let x = 0; x < width; x++) if (!isBackground((last * width + x) * 4)) break rows;
  }
  if (last >= height - 1) {
    fadeOut(data, width, height, 160, background);
    fs.writeFileSync(pngFile, PNG.sync.write(png));
    return;
  }
  const newHeight = Math.min(height, last + 1 + margin);
  const cropped = new PNG({ width, height: newHeight });
  data.copy(cropped.data, 0, 0, width * newHeight * 4);
  fs.writeFileSync(pngFile, PNG.sync.write(cropped));
}

function fadeOut(data: Buffer, width: number, height: number, rows: number, background: number[]): void {
  for (let y = height - rows; y < height; y++) {
    const t = (y - (height - rows)) / rows;
    for (let x = 0; x < width; x++) {
      const offset = (y * width + x) * 4;
      for (let channel = 0; channel < 3; channel++)
        data[offset + channel] = Math.round(data[offset + channel] * (1 - t) + background[channel] * t);
    }
  }
}
