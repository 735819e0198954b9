// The knowledge console in a real browser (headless Chromium), without
// JavaScript: an analyst writes an article in Markdown, previews it,
// saves, publishes it as an announcement, sees its document; the
// structure and downloads pages. Every page is checked with axe-core
// (WCAG 2 A/AA) when the browser closes; screenshots in Japanese.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BASE, dbRows, sqlString } from '../lib/http.mjs';
import { launchContext, screenshot, setInputFileBytes } from '../lib/browser.mjs';
import { staffLogin } from '../lib/staff.mjs';
import { download, sha256Hex } from '../lib/attach.mjs';
import { randomBytes } from 'node:crypto';
import { loadFixture, uniqueKana } from '../lib/knowledge.mjs';

const STEP_MS = 15000;

test('an analyst writes, previews, publishes and attaches (no JavaScript)', async () => {
  loadFixture();
  const staff = await staffLogin({ name: 'ナレッジ 担当' });
  const tag = uniqueKana();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-kb-'));
  const file = path.join(dir, '手順書.txt');
  // a binary body with CR LF and dashes inside: what a multipart parser
  // can mistake for a boundary or a header end
  fs.writeFileSync(file, Buffer.concat([Buffer.from('手順書\r\n--\r\n\r\n'), randomBytes(70000)]));
  const { context, close } = await launchContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
  try {
    context.setDefaultTimeout(STEP_MS);
    const url = new URL(BASE);
    await context.addCookies([...staff.client.jar].map(([name, value]) => ({
      name, value, domain: url.hostname, path: '/', httpOnly: true, sameSite: 'Lax',
    })));
    const page = context.pages()[0] || await context.newPage();
    await page.goto(`${BASE}/staff/knowledge/`);
    await Promise.all([page.waitForURL(`${BASE}/staff/knowledge/new`), page.click('#kb-staff-new')]);
    await page.fill('#title', `${tag} 障害時の連絡手順`);
    await page.selectOption('#base', { label: 'テスト用ナレッジ' });
    await page.fill('#body', `## 連絡先\n\n| 窓口 | 時間 |\n|---|---|\n| SOC | 24時間 |\n\n詳しくは https://www.example.com/ をご覧ください。`);
    await page.check('#announcement');
    // shown for an hour: other tests' users keep their own banner
    const hourOn = new Date(Date.now() + 3600e3).toLocaleString('sv-SE', { timeZone: 'Asia/Tokyo' }).replace(' ', 'T').slice(0, 16);
    await page.fill('#display_until', hourOn);
    await Promise.all([page.waitForLoadState('load'), page.click('#preview-button')]);
    assert.equal(await page.locator('#preview table').count(), 1, 'the preview renders the table');
    await screenshot(page, 'knowledge-staff-preview');
    await Promise.all([page.waitForURL(/\/staff\/knowledge\/KB\d{7}\?done=saved$/), page.click('#save-button')]);
    await Promise.all([page.waitForURL(/done=published$/), page.click('#publish')]);
    assert.match(await page.textContent('#article-state'), /公開中/);
    // the document goes up through the editor's own form (Chromium's
    // multipart body) and comes back byte for byte
    const no = /KB\d{7}/.exec(page.url())[0];
    await setInputFileBytes(page, '#file', file);
    await Promise.all([page.waitForURL(/done=file_added/), page.click('#upload-button')]);
    const [[fileId, size, sum]] = dbRows(`SELECT f.id, f.size_bytes, LOWER(HEX(f.sha256)) FROM kb_files f
      JOIN kb_articles a ON a.id = f.article_id WHERE a.article_no = ${sqlString(no)}`);
    const sent = fs.readFileSync(file);
    assert.equal(Number(size), sent.length, 'the stored size is the file\'s');
    assert.equal(sum, sha256Hex(sent), 'the stored SHA-256 is the file\'s');
    const got = await download(staff.client, `/staff/knowledge/${no}/files/${fileId}`);
    assert.equal(got.res.status, 200);
    assert.equal(got.sha256, sha256Hex(sent), 'the download is the uploaded file');
    await page.goto(`${BASE}/staff/knowledge/${no}?done=file_added`);
    assert.match(await page.textContent('#file-list'), /手順書\.txt/);
    await screenshot(page, 'knowledge-staff-edit');
    await page.goto(`${BASE}/staff/knowledge/structure`);
    await screenshot(page, 'knowledge-staff-structure');
    await page.goto(`${BASE}/staff/knowledge/downloads`);
    await screenshot(page, 'knowledge-staff-downloads');
    await page.goto(`${BASE}/staff/knowledge/?q=${encodeURIComponent(tag)}`);
    assert.equal(await page.locator('a.kb-title').count(), 1);
  } finally {
    await close();
  }
});
