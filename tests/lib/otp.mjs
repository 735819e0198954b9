// The person with a phone: reads the QR code of the enrolment page (rendered
// in Chromium, decoded with zbarimg from Debian zbar-tools) and makes TOTP
// codes with oathtool (Debian oathtool), as an authenticator app would.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { csrfOf, textById } from './http.mjs';

export const STEP = 30;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Unix seconds now (+ offset seconds). */
export function unixNow(offset = 0) {
  return Math.floor(Date.now() / 1000) + offset;
}

/** The TOTP time step of a unix time. */
export function stepOf(unixSeconds) {
  return Math.floor(unixSeconds / STEP);
}

/**
 * The 6-digit TOTP code (SHA-1, 30 s) of a base32 secret (spaces allowed)
 * at unix time `at` (default: now), computed by oathtool.
 */
export function totp(secret, at = unixNow()) {
  const key = secret.replace(/\s+/g, '').toUpperCase();
  const out = execFileSync('oathtool', ['--totp', '-b', '--now', `@${at}`, key],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  if (!/^[0-9]{6}$/.test(out)) throw new Error(`oathtool printed ${JSON.stringify(out)}`);
  return out;
}

/** The code of time step `step` (its first second). */
export function totpAtStep(secret, step) {
  return totp(secret, step * STEP);
}

/**
 * Waits (at most one step) until the current time step has at least
 * `minLeft` seconds left and began at least `minIn` seconds ago, so that a
 * code computed now is judged by the server in the same step.
 */
export async function stepMargin(minLeft = 4, minIn = 1) {
  for (;;) {
    const ms = Date.now() % (STEP * 1000);
    if (ms >= minIn * 1000 && ms <= (STEP - minLeft) * 1000) return;
    const wait = ms < minIn * 1000 ? minIn * 1000 - ms + 20 : STEP * 1000 - ms + minIn * 1000 + 20;
    await sleep(wait);
  }
}

/** Decodes the QR code(s) of a PNG file with zbarimg; returns the texts. */
export function decodeQrFile(file) {
  const out = execFileSync('zbarimg', ['--raw', '-q', file],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return out.split('\n').filter(Boolean);
}

/** Decodes a QR code from PNG bytes. */
export function decodeQrPng(png) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-qr-'));
  try {
    const file = path.join(dir, 'qr.png');
    fs.writeFileSync(file, png);
    return decodeQrFile(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The src of <img id="totp-qr"> of a page (entities decoded), or null. */
export function qrSrcOf(html) {
  const m = /<img\b[^>]*\bid="totp-qr"[^>]*>/i.exec(html);
  if (!m) return null;
  const src = /\bsrc="([^"]*)"/.exec(m[0]);
  return src ? src[1].replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'") : null;
}

/**
 * Renders image data URIs in headless Chromium the way the enrolment page
 * shows them (240 × 240 on white), screenshots each <img> element, and
 * decodes the PNGs with zbarimg. Returns one decoded text per image (the
 * first symbol; null when none was found). One browser for all images.
 */
export async function decodeQrDataUris(dataUris) {
  // Loaded here: the HTTP tests that only make codes need no browser.
  const { launchContext } = await import('./browser.mjs');
  const { context, close } = await launchContext({ viewport: { width: 400, height: 400 } });
  try {
    const page = context.pages()[0] || await context.newPage();
    const results = [];
    for (const uri of dataUris) {
      await page.setContent('<!doctype html><html><body style="margin:0;padding:32px;background:#fff">'
        + '<img id="totp-qr" width="240" height="240" alt=""></body></html>');
      await page.$eval('#totp-qr', (img, src) => new Promise((resolve, reject) => {
        img.onload = () => resolve();
        img.onerror = () => reject(new Error('image did not load'));
        img.src = src;
      }), uri);
      const png = await page.locator('#totp-qr').screenshot();
      const texts = decodeQrPng(png);
      results.push(texts.length ? texts[0] : null);
    }
    return results;
  } finally {
    await close();
  }
}

/** Parses an otpauth:// URI: { type, label (decoded), params (Map) }. */
export function parseOtpauth(uri) {
  const m = /^otpauth:\/\/([a-z]+)\/([^?]*)\?(.*)$/.exec(uri);
  if (!m) throw new Error(`not an otpauth URI: ${uri}`);
  return { type: m[1], label: decodeURIComponent(m[2]), rawLabel: m[2], params: new URLSearchParams(m[3]) };
}

/** The secret of a page's #totp-secret text, without the spaces. */
export function secretText(grouped) {
  return grouped.replace(/\s+/g, '');
}

/**
 * The X-Test-Clock-Offset (seconds) that puts the server's clock in the
 * middle of TOTP time step `step`, 15 s away from either edge, so a request
 * sent right away is judged in exactly that step.
 */
export function clockForStep(step) {
  return step * STEP + 15 - Math.round(Date.now() / 1000);
}

/** The current time step (real clock). */
export function currentStep() {
  return stepOf(unixNow());
}

/**
 * A 6-digit code that is valid in none of the steps from-2 .. to+2 of this
 * secret (a wrong code for sure, not an unlucky valid one).
 */
export function wrongCode(secret, step) {
  const valid = new Set();
  for (let s = step - 2; s <= step + 2; s++) valid.add(totpAtStep(secret, s));
  for (let n = 0; ; n++) {
    const c = String((Number(totpAtStep(secret, step)) + 111111 * (n + 1)) % 1000000).padStart(6, '0');
    if (!valid.has(c)) return c;
  }
}

/**
 * Registers an authenticator app from the enrolment page (first-login or
 * full session): reads the secret text of /auth/mfa/totp and posts a code.
 * step given: the code of that time step, with the server's clock moved into
 * it; no step: the code of the current step at the real time (after waiting
 * for a safe margin), so that the mail about the change is not dated in the
 * future. Returns { secret, step, res } (res: the answer to the POST).
 */
export async function enrolTotp(client, { step } = {}) {
  const clock = step === undefined ? undefined : clockForStep(step);
  const page = await client.get('/auth/mfa/totp', { clock });
  if (page.status !== 200) throw new Error(`GET /auth/mfa/totp: ${page.status} ${page.headers.get('location') || ''}`);
  const secret = secretText(textById(page.text, 'totp-secret') || '');
  if (!/^[A-Z2-7]{32}$/.test(secret)) throw new Error(`no secret on the enrolment page: ${secret}`);
  let at = step;
  if (at === undefined) {
    await stepMargin();
    at = currentStep();
  }
  const res = await client.post('/auth/mfa/totp', { csrf: csrfOf(page.text), code: totpAtStep(secret, at) },
    { clock: step === undefined ? undefined : clockForStep(step) });
  return { secret, step: at, res };
}

/** Decodes base32 (RFC 4648, no padding needed) to bytes. */
export function base32Decode(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let acc = 0;
  const out = [];
  for (const ch of s.replace(/[\s=]+/g, '').toUpperCase()) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${ch}`);
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}
