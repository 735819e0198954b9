// Helpers of the attachment tests: cases made directly in the database,
// multipart bodies built byte by byte, downloads hashed as they stream.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { readdirSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { BASE, VAR_DIR, dbRows, sqlString, csrfOf } from './http.mjs';

export const STORE_DIR = path.join(VAR_DIR, 'attachments');
export const BODY_TMP_DIR = path.join(VAR_DIR, 'nginx', 'client_body');

/** Files in the attachment store (names). */
export function storeFiles() {
  return existsSync(STORE_DIR) ? readdirSync(STORE_DIR) : [];
}

/** Request bodies nginx still holds. */
export function bodyTmpFiles() {
  return existsSync(BODY_TMP_DIR) ? readdirSync(BODY_TMP_DIR) : [];
}

export function attachmentRows(caseId) {
  return dbRows(`SELECT id, file_name, size_bytes, HEX(sha256), content_type, internal, store_id
    FROM case_attachments WHERE case_id = ${Number(caseId)} ORDER BY id`);
}

/**
 * A case of the tenant (customer number) opened by the user, in the given
 * status; returns { id, no }.
 */
export function createCase(customerNo, openedBy, { status = 'working', subject = '添付テスト' } = {}) {
  for (let tries = 0; tries < 5; tries++) {
    const no = `CS${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
    try {
      dbRows(`INSERT INTO cases (case_no, tenant_id, category_id, status, subject, description,
          opened_by_user_id, contact_user_id, created_at, updated_at)
        SELECT ${sqlString(no)}, t.id, (SELECT id FROM case_categories WHERE code = 'other'),
          ${sqlString(status)}, ${sqlString(subject)}, '本文', ${Number(openedBy)}, ${Number(openedBy)},
          UTC_TIMESTAMP(), UTC_TIMESTAMP()
        FROM tenants t WHERE t.customer_no = ${sqlString(customerNo)}`);
    } catch (e) {
      if (/Duplicate/.test(String(e.stderr || e))) continue;
      throw e;
    }
    const [[id]] = dbRows(`SELECT id FROM cases WHERE case_no = ${sqlString(no)}`);
    return { id: Number(id), no };
  }
  throw new Error('no free case number');
}

/** A case number that no case has. */
export function missingCaseNo() {
  for (;;) {
    const no = `CS${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
    if (dbRows(`SELECT COUNT(*) FROM cases WHERE case_no = ${sqlString(no)}`)[0][0] === '0') return no;
  }
}

export function newBoundary() {
  return `----mmtest${randomBytes(12).toString('hex')}`;
}

/**
 * multipart/form-data body from parts: { name, value } (text) or
 * { name, filename, type, data (Buffer|string) }; raw: a part's whole
 * header block given as is. Returns { body: Buffer, contentType }.
 */
export function multipart(parts, boundary = newBoundary()) {
  const chunks = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if (p.raw !== undefined) {
      chunks.push(Buffer.from(p.raw, 'binary'));
    } else if (p.filename !== undefined) {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\n`
        + `Content-Type: ${p.type || 'application/octet-stream'}\r\n\r\n`));
    } else {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${p.name}"\r\n\r\n`));
    }
    const data = p.data !== undefined ? p.data : p.value;
    chunks.push(Buffer.isBuffer(data) ? data : Buffer.from(String(data ?? '')));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The CSRF token of a logged-in client (from the layout's logout form). */
export async function csrfFor(client) {
  const home = await client.get('/');
  return csrfOf(home.text);
}

/** POSTs a multipart body built by multipart() through nginx. */
export function postMultipart(client, url, { body, contentType }) {
  return client.request('POST', url, { body, contentType });
}

/**
 * Downloads url with the client's cookies, hashing the body as it streams.
 * Returns { res, size, sha256 (hex) }.
 */
export async function download(client, url, { method = 'GET' } = {}) {
  const res = await fetch(BASE + url, { method, headers: { cookie: client.cookieHeader() }, redirect: 'manual' });
  const hash = createHash('sha256');
  let size = 0;
  if (res.body) {
    for await (const chunk of res.body) {
      hash.update(chunk);
      size += chunk.length;
    }
  }
  return { res, size, sha256: hash.digest('hex') };
}

export function sha256Hex(buf) {
  return createHash('sha256').update(buf).digest('hex');
}

/**
 * Files added to the store since `before` (a list from storeFiles()) that no
 * row records: what a refused or broken upload must never leave. Other
 * test files may store files meanwhile; theirs have rows.
 */
export function unrecordedSince(before) {
  const old = new Set(before);
  const added = () => storeFiles().filter((f) => !old.has(f));
  // Store ids that some row names: a case's, a work request's or a knowledge
  // file's (the test files run in parallel and share the store).
  const recorded = (files) => {
    const ids = files.map((f) => `'${f.replace(/[^0-9a-f]/g, '')}'`).join(',');
    return new Set(dbRows(`SELECT store_id FROM case_attachments WHERE store_id IN (${ids})
      UNION SELECT store_id FROM work_request_attachments WHERE store_id IN (${ids})
      UNION SELECT store_id FROM kb_files WHERE store_id IN (${ids})`).map((r) => r[0]));
  };
  // Another test's upload moves its file in just before its row commits: a
  // file without a row is reported only if it still has none after 5 s.
  const deadline = Date.now() + 5000;
  for (;;) {
    const files = added();
    if (files.length === 0) return [];
    const known = recorded(files);
    const orphans = files.filter((f) => !known.has(f));
    if (orphans.length === 0 || Date.now() >= deadline) return orphans;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
}

/** Request bodies nginx holds of at least `bytes` bytes. */
export function bodyTmpFilesOver(bytes) {
  return bodyTmpFiles().filter((f) => {
    try { return statSync(path.join(BODY_TMP_DIR, f)).size >= bytes; } catch { return false; }
  });
}
