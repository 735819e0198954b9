// Cases over HTTP: open an inquiry, read a case page, act on it as the
// customer or as an analyst, as a browser's forms would.
import assert from 'node:assert/strict';
import { csrfOf, textById, dbRows, sqlString } from './http.mjs';

export const TEAM_ADDRESS = 'soc-team@mimamori.example';

/** The id of a category by its code. */
export function categoryId(code) {
  const rows = dbRows(`SELECT id FROM case_categories WHERE code = ${sqlString(code)}`);
  assert.equal(rows.length, 1, `category ${code}`);
  return rows[0][0];
}

/** Opens an inquiry through the form; returns its case number. */
export async function openCase(client, { category = 'service', subject = '問い合わせ', description = '内容です。' } = {}) {
  const form = await client.get('/cases/new');
  assert.equal(form.status, 200, 'new inquiry form');
  const res = await client.post('/cases/new', {
    csrf: csrfOf(form.text), category: categoryId(category), subject, description,
  });
  assert.equal(res.status, 303, `inquiry accepted: ${res.status} ${res.text.slice(0, 200)}`);
  const m = /^\/cases\/(CS\d{7})\?done=created$/.exec(res.headers.get('location'));
  assert.ok(m, `redirect to the new case: ${res.headers.get('location')}`);
  return m[1];
}

/** A case page as { res, status, version, csrf }. prefix '' or '/staff'. */
export async function casePage(client, no, prefix = '') {
  const res = await client.get(`${prefix}/cases/${no}`);
  const version = /name="version" value="(\d+)"/.exec(res.text);
  return {
    res,
    status: res.status === 200 ? textById(res.text, 'case-status') : null,
    statusCode: /id="case-status" data-status="([a-z_]+)"/.exec(res.text)?.[1],
    version: version ? version[1] : null,
    csrf: csrfOf(res.text),
  };
}

/** POSTs action (comment, close, accept, reject, status, assign) with the
 * version the page shows (or the one given). */
export async function act(client, no, action, fields = {}, { prefix = '', version } = {}) {
  const page = await casePage(client, no, prefix);
  return client.post(`${prefix}/cases/${no}/${action}`, {
    csrf: page.csrf, version: version ?? page.version ?? '1', ...fields,
  });
}

/** The row of a case in the database. */
export function caseRow(no) {
  const rows = dbRows(`SELECT id, status, version, tenant_id FROM cases WHERE case_no = ${sqlString(no)}`);
  assert.equal(rows.length, 1, `case ${no} exists`);
  const [id, status, version, tenant] = rows[0];
  return { id, status, version: Number(version), tenant };
}

export function activityCount(no) {
  return Number(dbRows(`SELECT COUNT(*) FROM case_activity a JOIN cases c ON c.id = a.case_id WHERE c.case_no = ${sqlString(no)}`)[0][0]);
}

/** The text of the list's count line ("1~20 件目 / 23 件"). */
export function listCount(html) {
  return textById(html, 'list-count');
}

/** Case numbers on a list page, in order. */
export function listedCases(html) {
  return [...html.matchAll(/class="case-no">(CS\d{7})</g)].map((m) => m[1]);
}

/** The start of a block of n free case numbers (CS + base + 1 … base + n):
 * numbers are random across the portal, so a random block may meet one
 * another test made. */
export function freeCaseBlock(n) {
  for (;;) {
    const base = Math.floor(Math.random() * (10_000_000 - n - 1));
    const no = (k) => sqlString(`CS${String(base + k).padStart(7, '0')}`);
    if (Number(dbRows(`SELECT COUNT(*) FROM cases WHERE case_no BETWEEN ${no(1)} AND ${no(n)}`)[0][0]) === 0) return base;
  }
}

/** A fresh tenant of its own (customer number N3 + 8 random digits). */
export function freshTenant(name = 'テスト株式会社') {
  const no = `N3${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  dbRows(`INSERT INTO tenants (customer_no, name, created_at) VALUES (${sqlString(no)}, ${sqlString(name)}, UTC_TIMESTAMP())`);
  return { no, name };
}
