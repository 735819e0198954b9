// Write load on a private stack (tests/lib/stack.mjs) for the backup and
// fault tests: loops that open cases, comment with an attachment, log in and
// grant points until load.stop is set. Every write is recorded in ops as
// { kind, key, sentAt, doneAt, status, error } so that a test can say what
// must (or must not) be in the database afterwards.
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { csrfOf } from './http.mjs';
import { multipart } from './attach.mjs';
import { ROOT } from './nginx.mjs';
import { demoLogin } from './stack.mjs';

export const BACKUP_TOOL = path.join(ROOT, 'tools', 'mimamori-backup');

export function sha256Hex(buf) {
  return createHash('sha256').update(buf).digest('hex');
}

let seq = 0;
function marker(kind) {
  seq += 1;
  return `ld-${kind}-${process.pid.toString(36)}-${seq}-${randomBytes(4).toString('hex')}`;
}

/**
 * Runs one write: fn() → response; ok(res) says whether it was accepted.
 * opts.tolerate(res): an answer that is not an error of the program (e.g. a
 * 503 while the database is down): recorded as refused, not as an error.
 */
/** GET that answers { status: 599 } when the connection closed without an answer. */
async function fetchPage(client, url) {
  try {
    return await client.get(url);
  } catch (e) {
    return { status: 599, text: String(e), headers: new Headers() };
  }
}

async function write(ops, op, fn, ok, { tolerate = () => false } = {}) {
  op.sentAt = Date.now();
  ops.push(op);
  let res;
  try {
    res = await fn();
  } catch (e) {
    // the connection closed without an answer (a worker killed after nginx
    // sent the headers): a failed request, as a 5xx would be
    op.status = 599;
    op.error = `${op.kind} ${op.key}: ${e.message}`;
    return null;
  }
  op.status = res.status;
  if (ok(res)) op.doneAt = Date.now();
  else if (tolerate(res)) op.refused = true;
  else op.error = `${op.kind} ${op.key}: ${res.status} ${String(res.text).slice(0, 300)}`;
  return res;
}

/** Cases with a comment carrying an attachment, one after another. */
export async function caseLoad(st, client, ops, load, tag = 'c', opts = {}) {
  const [[category]] = st.sql("SELECT id FROM case_categories WHERE code = 'service'");
  while (!load.stop) {
    const subject = marker(`case-${tag}`);
    let caseNo = null;
    const form = await fetchPage(client, '/cases/new');
    if (form.status !== 200) { if (!opts.tolerate?.(form)) ops.push({ kind: 'page', status: form.status, error: `GET /cases/new: ${form.status}` }); continue; }
    const op = { kind: 'case', key: subject };
    const res = await write(ops, op, () => client.post('/cases/new', {
      csrf: csrfOf(form.text), category, subject, description: `負荷 ${subject}`,
    }), (r) => r.status === 303, opts);
    const m = res && /^\/cases\/(CS\d{7})\?done=created$/.exec(res.headers.get('location') || '');
    if (!m) continue;
    caseNo = m[1];
    op.key = caseNo;
    const page = await fetchPage(client, `/cases/${caseNo}`);
    if (page.status !== 200) continue;
    const version = /name="version" value="(\d+)"/.exec(page.text)?.[1] || '1';
    const body = marker(`comment-${tag}`);
    const data = randomBytes(8192 + Math.floor(Math.random() * 65536));
    const { body: mp, contentType } = multipart([
      { name: 'csrf', value: csrfOf(page.text) }, { name: 'version', value: version },
      { name: 'body', value: body },
      { name: 'attachments', filename: `${body}.bin`, type: 'application/octet-stream', data },
    ]);
    await write(ops, { kind: 'comment', key: body, caseNo, sha256: sha256Hex(data) },
      () => client.request('POST', `/cases/${caseNo}/comment`, { body: mp, contentType }),
      (r) => r.status === 303, opts);
  }
}

/** Logins of a demo user, each marked by its User-Agent. */
export async function loginLoad(st, login, ops, load, opts = {}) {
  while (!load.stop) {
    const ua = marker('login');
    await write(ops, { kind: 'login', key: ua }, async () => {
      try {
        await demoLogin(st, login, { userAgent: ua });
        return { status: 303 };
      } catch (e) {
        const m = /: (\d{3})/.exec(e.message);
        return { status: m ? Number(m[1]) : 0, text: e.message };
      }
    }, (r) => r.status === 303, opts);
  }
}

/** Point credits to the tenant's current period, each with its reason. */
export async function pointsLoad(st, analyst, tenantNo, ops, load, opts = {}) {
  const [[period]] = st.sql(`SELECT p.id FROM point_periods p JOIN tenants t ON t.id = p.tenant_id
    WHERE t.customer_no = '${tenantNo}'
    AND DATE(UTC_TIMESTAMP() + INTERVAL 9 HOUR) BETWEEN p.starts_on AND p.ends_on LIMIT 1`);
  while (!load.stop) {
    const page = await fetchPage(analyst, `/staff/points/${tenantNo}`);
    if (page.status !== 200) { if (!opts.tolerate?.(page)) ops.push({ kind: 'page', status: page.status, error: `GET points: ${page.status}` }); continue; }
    const reason = marker('points');
    await write(ops, { kind: 'points', key: reason }, () => analyst.post(`/staff/points/${tenantNo}/credit`, {
      csrf: csrfOf(page.text), period, points: '1', reason,
    }), (r) => r.status === 303, opts);
  }
}
