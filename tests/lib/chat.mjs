// Helpers of the chat linkage tests (ACC-4): the local webhook sink (its
// files under MM_WEBHOOK_DIR, its base URL in MM_WEBHOOK_URL) and the
// /account/chat form.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { csrfOf, uniqueId, dbRows } from './http.mjs';

export const WEBHOOK_DIR = process.env.MM_WEBHOOK_DIR || path.join(process.env.MM_VAR_DIR || '', 'webhook');
export const WEBHOOK_URL = process.env.MM_WEBHOOK_URL
  || (process.env.MM_VAR_DIR ? fs.readFileSync(path.join(process.env.MM_VAR_DIR, 'run/sinks/webhook-url'), 'utf8').trim() : '');

/** A fresh hook path on the sink: { tag, url }; fail: the sink answers 500. */
export function hookUrl({ fail = false } = {}) {
  const tag = uniqueId('hook').split('@')[0].replace(/[^A-Za-z0-9-]/g, '');
  return { tag, url: `${WEBHOOK_URL}/${fail ? 'fail' : 'hook'}/${tag}/Zq9X` };
}

/** Every POST the sink stored for paths containing tag, oldest first. */
export function hooksFor(tag) {
  let names = [];
  try {
    names = fs.readdirSync(WEBHOOK_DIR).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return [];
  }
  const out = [];
  for (const n of names) {
    let rec;
    try {
      rec = JSON.parse(fs.readFileSync(path.join(WEBHOOK_DIR, n), 'utf8'));
    } catch {
      continue;	// being written
    }
    if (rec.path.includes(`/${tag}/`)) out.push(rec);
  }
  return out;
}

export const UUID = '123e4567-e89b-12d3-a456-426614174000';

export function linkageFields(over = {}) {
  return { company: '株式会社みまもり商事', customer_id: UUID, org: '本社 情報システム部', ...over };
}

/** Registers a linkage of tenant ({ id }) through the form; { res, id }. */
export async function registerLinkage(client, tenant, url, over = {}) {
  const page = await client.get('/account/chat');
  assert.equal(page.status, 200, 'GET /account/chat');
  const res = await client.post('/account/chat', { csrf: csrfOf(page.text), url, ...linkageFields(over) });
  let id = null;
  if (res.status === 303) {
    const [[max]] = dbRows(`SELECT MAX(id) FROM chat_linkages WHERE tenant_id = ${tenant.id}`);
    id = Number(max);
  }
  return { res, id };
}

/** POST an action (test, disable, enable, delete) on linkage id. */
export async function linkageAction(client, id, action) {
  const page = await client.get('/account/chat');
  return client.post(`/account/chat/${id}/${action}`, { csrf: csrfOf(page.text) });
}

export function linkagesOf(tenantId) {
  return dbRows(`SELECT id, enabled, failing, failures, url_masked, COALESCE(HEX(url_sealed), '') FROM chat_linkages WHERE tenant_id = ${tenantId} ORDER BY id`)
    .map(([id, enabled, failing, failures, masked, sealed]) => ({
      id: Number(id), enabled: Number(enabled), failing: Number(failing), failures: Number(failures), masked, sealed,
    }));
}
