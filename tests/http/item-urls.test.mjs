// One URL per item page: an item's page answers at its path without a
// trailing slash; the same path with one is no page (404), in every area
// and in the staff console alike. (Lists are the other way round: /cases
// is redirected to /cases/.)
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, createUser, dbRows } from '../lib/http.mjs';
import { staffLogin } from '../lib/staff.mjs';

const TENANT = 'N200000001';

/** The first link of page that matches re (its path). */
async function firstLink(client, page, re) {
  const res = await client.get(page);
  assert.equal(res.status, 200, `${page}: ${res.status}`);
  const m = new RegExp(`href="(${re.source})"`).exec(res.text);
  assert.ok(m, `${page} links to ${re}`);
  return m[1];
}

async function oneUrl(client, path) {
  const page = await client.get(path);
  assert.equal(page.status, 200, `${path}: ${page.status}`);
  const slash = await client.get(`${path}/`);
  assert.equal(slash.status, 404, `${path}/: ${slash.status}`);
  assert.equal(slash.headers.get('location'), null);
}

test('customer item pages: the path with a trailing slash is 404', async () => {
  const user = createUser({ role: 'customer_admin', tenant: TENANT });
  const client = new Client();
  await client.loginOk(user);
  const [[requestNo]] = dbRows(`SELECT w.request_no FROM work_requests w JOIN tenants t ON t.id = w.tenant_id
    WHERE t.customer_no = '${TENANT}' ORDER BY w.id LIMIT 1`);
  const items = [
    await firstLink(client, '/cases/', /\/cases\/CS\d{7}/),
    await firstLink(client, '/knowledge/', /\/knowledge\/KB\d{7}/),
    await firstLink(client, '/dashboard/alerts', /\/dashboard\/alerts\/[0-9A-Za-z_-]+/),
    await firstLink(client, '/dashboard/devices', /\/dashboard\/devices\/[0-9A-Za-z_-]+/),
    '/cases/requests/block_on_behalf',
    `/cases/requests/${requestNo}`,
  ];
  for (const path of items) await oneUrl(client, path);
  // a part of an item keeps the rule
  await oneUrl(client, `${items[0]}/close`);
});

test('staff item pages: the path with a trailing slash is 404', async () => {
  const { client } = await staffLogin();
  const [[requestNo]] = dbRows('SELECT request_no FROM work_requests ORDER BY id LIMIT 1');
  const [[caseNo]] = dbRows(`SELECT c.case_no FROM cases c JOIN tenants t ON t.id = c.tenant_id
    WHERE t.customer_no = '${TENANT}' ORDER BY c.id LIMIT 1`);
  const [[articleNo]] = dbRows('SELECT article_no FROM kb_articles ORDER BY id LIMIT 1');
  const items = [
    `/staff/cases/${caseNo}`,
    `/staff/knowledge/${articleNo}`,
    `/staff/cases/requests/${requestNo}`,
    '/staff/cases/requests/catalog/block_on_behalf',
    `/staff/points/${TENANT}`,
    await firstLink(client, '/staff/dashboard/devices', /\/staff\/dashboard\/devices\/[0-9A-Za-z_-]+/),
  ];
  for (const path of items) await oneUrl(client, path);
});
