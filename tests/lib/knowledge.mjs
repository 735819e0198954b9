// Helpers of the knowledge tests: the fixture content, staff authoring
// through the console's forms, reading search results.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN, CONFIG, VAR_DIR, csrfOf, decodeEntities, dbRows, sqlString } from './http.mjs';

export const FIXTURE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'knowledge');

let loaded = false;
/** Loads tests/fixtures/knowledge with the demo loader (idempotent). */
export function loadFixture() {
  if (loaded) return;
  execFileSync(ADMIN, ['--config', CONFIG, 'demo'], {
    env: { ...process.env, MM_DEMO_KNOWLEDGE_DIR: FIXTURE_DIR },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  loaded = true;
}

/**
 * Rebuilds the knowledge side index after rows were written around the
 * programs. Test files run in parallel: two rebuilds at once deadlock (and
 * one could mark the index ready while the other is clearing it), so they
 * take turns on a lock file of the stack (searches scan meanwhile, with
 * the same answers).
 */
const reindexLock = () => path.join(VAR_DIR || path.dirname(CONFIG), 'knowledge-reindex.lock');
export function reindexKnowledge() {
  execFileSync('flock', [reindexLock(), ADMIN, '--config', CONFIG, 'search-reindex', '--knowledge'],
    { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Waits until a rebuild of another test file (if one runs) is done. */
export function awaitKnowledgeIndex() {
  execFileSync('flock', [reindexLock(), 'true'], { stdio: 'ignore' });
}

/** A run-unique Japanese word (katakana), so searches find this run's articles only. */
export function uniqueKana(n = 6) {
  const kana = 'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ';
  let s = '';
  for (let i = 0; i < n; i++) s += kana[randomInt(0, kana.length)];
  return s;
}

export function idOf(table, code) {
  const rows = dbRows(`SELECT id FROM ${table} WHERE code = ${sqlString(code)}`);
  return rows.length ? rows[0][0] : null;
}

/**
 * Creates an article through /staff/knowledge/new; publish: also publish
 * it. Returns its number (KB…).
 */
export async function createArticle(staff, fields, { publish = true } = {}) {
  const form = await staff.get('/staff/knowledge/new');
  assert.equal(form.status, 200, 'the editor opens');
  const base = fields.base ?? idOf('kb_bases', 'kbtest');
  const res = await staff.post('/staff/knowledge/new', {
    csrf: csrfOf(form.text), action: 'save', lang: 'ja', author: 'テスト SOC', body: '',
    ...fields, base,
  });
  assert.equal(res.status, 303, `saved: ${res.status} ${res.text.slice(0, 400)}`);
  const m = /^\/staff\/knowledge\/(KB\d{7})\?done=saved$/.exec(res.headers.get('location'));
  assert.ok(m, `redirect to the article: ${res.headers.get('location')}`);
  if (publish) await setPublished(staff, m[1], true);
  return m[1];
}

export async function setPublished(staff, no, on) {
  const page = await staff.get(`/staff/knowledge/${no}`);
  assert.equal(page.status, 200);
  const res = await staff.post(`/staff/knowledge/${no}`, { csrf: csrfOf(page.text), action: on ? 'publish' : 'unpublish' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), `/staff/knowledge/${no}?done=${on ? 'published' : 'unpublished'}`);
}

/** Article numbers of a result page, in order. */
export function resultNos(html) {
  return [...html.matchAll(/class="kb-title" data-no="(KB\d{7})"/g)].map((m) => m[1]);
}

export function resultTotal(html) {
  const m = /id="result-total">(\d+)</.exec(html);
  return m ? Number(m[1]) : null;
}

export function listCountText(html) {
  const m = /id="list-count">([^<]*)</.exec(html);
  return m ? decodeEntities(m[1]).trim() : null;
}

/** The views an article page or result shows. */
export function viewsOf(html) {
  const m = /class="kb-views">(\d+) /.exec(html);
  return m ? Number(m[1]) : null;
}
