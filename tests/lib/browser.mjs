// Headless Chromium for the browser tests: Debian's /usr/bin/chromium (env
// CHROMIUM), driven by playwright-core. Never downloads a browser.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { VAR_DIR } from './http.mjs';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/**
 * Launches Chromium with a fresh temporary profile (--user-data-dir, via
 * Playwright's persistent context) and returns the context; options are
 * Playwright context options (viewport, javaScriptEnabled, …).
 * close() ends the browser and removes the profile.
 */
export async function launchContext(options = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
      timeout: 30000,
      locale: 'ja-JP',
      ...options,
    });
  } catch (e) {
    fs.rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  const close = async () => {
    await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}

/** Directory for screenshots people look at: $MM_VAR_DIR/screenshots. */
export function screenshotDir() {
  const dir = path.join(VAR_DIR || os.tmpdir(), 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export async function screenshot(page, name) {
  const file = path.join(screenshotDir(), `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
