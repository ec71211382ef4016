// Shared by the browser tests: the production build must exist, Debian's chromium drives it, and
// screenshots go to test-results/screenshots/.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, type Page, chromium } from 'playwright-core';

export const CHROMIUM = process.env.PINGAN_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve('test-results/screenshots');

/** Fails (never skips) when the web build or the browser is missing: both are part of the suite. */
export function requireBuildAndBrowser(webRoot: string): void {
  if (!existsSync(path.join(webRoot, 'index.html'))) {
    throw new Error(`The web app is not built (${webRoot}/index.html is missing). Run \`npm run build:web\`, or run the suite with \`npm test\`, which builds it first.`);
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: \`apt-get install -y chromium\` (or set PINGAN_CHROMIUM). Never download a browser through playwright.`);
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Records every JavaScript file the page loads, with its gzipped size. */
export function recordScripts(page: Page): { files: Map<string, number>; gzipBytes(): number } {
  const files = new Map<string, number>();
  page.on('response', (response) => {
    const url = response.url();
    if (!url.endsWith('.js') || files.has(url)) return;
    files.set(url, 0);
    response.body().then(
      (body) => files.set(url, gzipSync(body).length),
      () => undefined,
    );
  });
  return { files, gzipBytes: () => [...files.values()].reduce((a, b) => a + b, 0) };
}
