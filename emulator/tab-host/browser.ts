/**
 * Headless Chromium for the tab's browser tests, screenshots and benchmarks, driven over the DevTools protocol with
 * puppeteer-core (no browser download: Debian's `chromium`, or CHROMIUM=/path).
 */
import * as fs from 'node:fs';
import puppeteer, { type Browser, type Frame, type Page } from 'puppeteer-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium executable, or undefined when none is installed. */
export function chromiumPath(): string | undefined {
  return [process.env.CHROMIUM, ...CANDIDATES].find((candidate): candidate is string => !!candidate && fs.existsSync(candidate));
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  return puppeteer.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
}

/** Opens the outer run page and resolves with the tab's frame once the tab has rendered something past "Loading". */
export async function openTab(browser: Browser, url: string, width = 1280, height = 900): Promise<{ page: Page; frame: Frame }> {
  const page = await browser.newPage();
  await page.setViewport({ width, height });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(url, { waitUntil: 'load' });
  const handle = await page.waitForSelector('#pw-tab-frame');
  const frame = await handle!.contentFrame();
  if (!frame) throw new Error('The tab frame did not load');
  // Runs in the page (a string: this file is type-checked without the DOM library).
  await frame.waitForFunction(
    "(() => { const root = document.getElementById('root'); return !!root && root.children.length > 0 && !root.querySelector('.pw-loading'); })()",
    { timeout: 30_000 },
  );
  if (errors.length > 0) throw new Error(`The host page threw: ${errors.join('; ')}`);
  return { page, frame };
}
