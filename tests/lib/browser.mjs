// Headless Chromium for the browser tests: Debian's /usr/bin/chromium (env
// CHROMIUM), driven by playwright-core. Never downloads a browser.
//
// Accessibility: every HTML page a context loads is checked with axe-core
// against WCAG 2.0/2.1 A and AA when the context closes; close() throws when
// any page has a violation. The check runs on a copy of each document as the
// server sent it (captured from the response), in a separate page, so it
// never races the test's own navigation.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { after } from 'node:test';
import { chromium } from 'playwright-core';
import { BASE, VAR_DIR } from './http.mjs';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const BROWSER_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core in page: the WCAG 2 A/AA violations, as readable lines. */
export async function axeViolations(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
    }));
  }, AXE_TAGS);
  return violations.map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.join(', ')}`);
}

// One browser runs the checks of every context of a test file; it ends
// with the file.
let checker = null;
function checkerBrowser() {
  if (!checker) checker = chromium.launch({ executablePath: CHROMIUM, headless: true, args: BROWSER_ARGS });
  return checker;
}
after(async () => {
  if (checker) await (await checker).close().catch(() => {});
});

/**
 * Collects the HTML documents a context receives: each page's request goes
 * through the test (route.fetch, cookies shared with the context) and its
 * body is kept before the browser sees it, so a page the test leaves at
 * once is kept too. gather() waits for the bodies still being read (before
 * the context closes); check() runs axe on each distinct document (the CSRF
 * token and nonces do not make a page distinct).
 */
async function collectDocuments(context, viewport) {
  const seen = new Set();
  const docs = [];
  const keep = (url, status, type, body) => {
    if ((status >= 300 && status < 400) || !type.startsWith('text/html')) return;
    const html = body.toString('utf8');
    const key = crypto.createHash('sha256').update(`${status} ${url.split('?')[0]}\n`)
      .update(html.replace(/ (?:value|nonce)="[^"]*"/g, '')).digest('hex');
    if (seen.has(key)) return;
    seen.add(key);
    docs.push({ url, status, html });
  };
  // the target of a redirect is not routed: its body is read from the
  // browser, which fails only when the test has left the page already
  const pending = [];
  context.on('response', (response) => {
    const request = response.request();
    if (request.resourceType() !== 'document' || !request.redirectedFrom()) return;
    pending.push(response.body().then(
      (body) => keep(request.url(), response.status(), response.headers()['content-type'] || '', body),
      () => {},
    ));
  });
  await context.route(() => true, async (route) => {
    const request = route.request();
    if (request.resourceType() !== 'document') return route.fallback();
    let response;
    let body;
    try {
      response = await route.fetch({ maxRedirects: 0 });
      body = await response.body();
    } catch {
      // unreachable server, or the context is closing: the browser sees the failure
      await route.abort().catch(() => {});
      return;
    }
    keep(request.url(), response.status(), response.headers()['content-type'] || '', body);
    await route.fulfill({ response, body }).catch(() => {});
  });
  const gather = () => Promise.all(pending.splice(0));
  const check = async () => {
    if (docs.length === 0) return { checked: [], problems: [] };
    const browser = await checkerBrowser();
    const problems = [];
    const page = await browser.newPage({ viewport: viewport || { width: 1280, height: 800 } });
    try {
      for (const doc of docs) {
        // the document as it came, at its own URL (styles and images load
        // from the server); the page's own scripts stay out of it
        await page.route(doc.url, (route) => route.fulfill({
          status: doc.status, contentType: 'text/html; charset=utf-8', body: doc.html,
        }));
        await page.route(/\.js(\?|$)/, (route) => route.abort());
        await page.goto(doc.url, { waitUntil: 'load' });
        for (const v of await axeViolations(page)) problems.push(`${new URL(doc.url).pathname}: ${v}`);
        await page.unrouteAll({ behavior: 'ignoreErrors' });
      }
    } finally {
      await page.close().catch(() => {});
    }
    return { checked: docs.map((d) => new URL(d.url).pathname), problems };
  };
  return { gather, check };
}

/**
 * Launches Chromium with a fresh temporary profile (--user-data-dir, via
 * Playwright's persistent context) and returns the context; options are
 * Playwright context options (viewport, javaScriptEnabled, …).
 * close() ends the browser, removes the profile and then checks every page
 * the context loaded with axe-core: it throws on any WCAG 2 A/AA violation,
 * else returns the paths of the pages it checked.
 */
export async function launchContext(options = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: BROWSER_ARGS,
      timeout: 30000,
      locale: 'ja-JP',
      ...options,
    });
  } catch (e) {
    fs.rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  let documents;
  try {
    documents = await collectDocuments(context, options.viewport);
  } catch (e) {
    await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  const close = async () => {
    await documents.gather();
    await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
    const { checked, problems } = await documents.check();
    if (problems.length) throw new Error(`accessibility (axe-core, ${AXE_TAGS.join(' ')}):\n  ${problems.join('\n  ')}`);
    return checked;
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

/**
 * Puts files into a file input as their bytes (Playwright builds the File
 * objects in the page). Given paths, Playwright hands them to Chromium over
 * DevTools (DOM.setFileInputFiles) and Debian's headless Chromium then
 * submits each file part with an empty body (the file name and type come,
 * the bytes do not), so the server rightly refuses an empty file.
 */
export async function setInputFileBytes(page, selector, paths) {
  const list = Array.isArray(paths) ? paths : [paths];
  await page.setInputFiles(selector, list.map((p) => ({ name: path.basename(p), buffer: fs.readFileSync(p) })));
}

/** Logs user in through the login form of page and waits for the home page. */
export async function loginInBrowser(page, user) {
  await page.goto(`${BASE}/auth/login`);
  await page.fill('#user_id', user.login);
  await page.fill('#password', user.password);
  await Promise.all([
    page.waitForURL(`${BASE}/`),
    page.click('form[action="/auth/login"] button[type="submit"]'),
  ]);
  await page.waitForSelector('#display-name');
}
