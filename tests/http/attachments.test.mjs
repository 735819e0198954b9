// Attachments (CASE-7) through nginx: plain multipart forms, downloads by
// X-Accel-Redirect, the bad-input matrix (nothing stored), tenant
// isolation (another tenant's numbers answer like missing ones) and closed
// cases.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync, utimesSync, rmSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { loggedIn, TENANT_A, TENANT_B, dbRows, rawRequest, HOST, ADMIN, CONFIG, BASE_URL, VAR_DIR, textById, csrfOf } from '../lib/http.mjs';
import { categoryId } from '../lib/cases.mjs';
import { staffLogin } from '../lib/staff.mjs';
import { pubid } from '../lib/pubid.mjs';
import {
  attachmentRows, createCase, missingCaseNo, multipart, csrfFor, postMultipart, download,
  sha256Hex, storeFiles, newBoundary, STORE_DIR, bodyTmpFiles, unrecordedSince,
} from '../lib/attach.mjs';

const JA_NAME = '月次レポート 2026年11月.pdf';

function errorMessage(html) {
  return (/<p class="error-message">([^<]*)<\/p>/.exec(html) || [])[1] || '';
}

async function customerWithCase(tenant = TENANT_A, opts = {}) {
  const { user, client } = await loggedIn({ tenant: tenant.no, name: '添付 利用者' });
  const kase = createCase(tenant.no, user.id, opts);
  return { user, client, kase, csrf: await csrfFor(client) };
}

test('a plain multipart form attaches files; downloads give the same bytes and a safe header', async () => {
  const { client, kase, csrf } = await customerWithCase();
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\r\n'), Buffer.from(`\r\n--x\r\n`), Buffer.alloc(300000, 7)]);
  const html = Buffer.from('<html><script>alert(1)</script></html>');
  const res = await postMultipart(client, `/cases/${kase.no}/attachments`, multipart([
    { name: 'csrf', value: csrf },
    { name: 'attachments', filename: JA_NAME, type: 'application/pdf', data: pdf },
    { name: 'attachments', filename: 'page.html', type: 'text/html', data: html },
    { name: 'attachments', filename: '', data: '' },	// a file input left empty
  ]));
  assert.equal(res.status, 303, res.text);
  assert.equal(res.headers.get('location'), `/cases/${kase.no}#attachments`);
  const rows = attachmentRows(kase.id);
  assert.equal(rows.length, 2);
  assert.deepEqual(rows.map((r) => r[1]), [JA_NAME, 'page.html']);
  assert.equal(rows[0][2], String(pdf.length));
  assert.equal(rows[0][3].toLowerCase(), sha256Hex(pdf));
  assert.equal(rows[0][5], '0');
  const stored = storeFiles();
  assert.ok(rows.every((r) => stored.includes(r[6])), 'both files are in the store');

  const got = await download(client, `/cases/${kase.no}/attachments/${pubid('attachment', rows[0][0])}`);
  assert.equal(got.res.status, 200);
  assert.equal(got.sha256, sha256Hex(pdf));
  assert.equal(got.size, pdf.length);
  assert.equal(got.res.headers.get('content-type'), 'application/pdf');
  assert.equal(got.res.headers.get('content-disposition'),
    `attachment; filename="______ 2026_11_.pdf"; filename*=UTF-8''${encodeURIComponent(JA_NAME).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`);
  assert.equal(got.res.headers.get('x-content-type-options'), 'nosniff');
  assert.match(got.res.headers.get('content-security-policy') || '', /sandbox/);

  const page = await download(client, `/cases/${kase.no}/attachments/${pubid('attachment', rows[1][0])}`);
  assert.equal(page.res.status, 200);
  assert.equal(page.sha256, sha256Hex(html));
  assert.equal(page.res.headers.get('content-type'), 'application/octet-stream', 'HTML is never served as HTML');
  assert.match(page.res.headers.get('content-disposition'), /^attachment;/);

  // Range requests work through the internal location
  const part = await fetch(`${process.env.MM_BASE_URL}/cases/${kase.no}/attachments/${pubid('attachment', rows[0][0])}`,
    { headers: { cookie: client.cookieHeader(), range: 'bytes=0-7' } });
  assert.equal(part.status, 206);
  assert.equal(Buffer.from(await part.arrayBuffer()).toString(), '%PDF-1.4');

  // the store itself is not reachable from outside
  const direct = await client.get(`/_attachments/${rows[0][6]}`);
  assert.equal(direct.status, 404);

  // the case page links the files by their public numbers, never by the
  // ids shared with the other tenants; only the canonical number opens one
  const view = await client.get(`/cases/${kase.no}`);
  const links = [...view.text.matchAll(new RegExp(`href="/cases/${kase.no}/attachments/(\\d+)"`, 'g'))].map((m) => m[1]);
  assert.deepEqual(links, rows.map((r) => pubid('attachment', r[0])));
  for (const r of rows) assert.ok(!view.text.includes(`/attachments/${r[0]}"`), `database id ${r[0]} not shown`);
  const none = await client.get(`/cases/${kase.no}/attachments/${pubid('attachment', Number(rows[1][0]) + 1000000)}`);
  assert.equal(none.status, 404);
  for (const bad of [rows[0][0], `0${links[0]}`, `${links[0]}x`, '281474976710656']) {
    const res = await client.get(`/cases/${kase.no}/attachments/${bad}`);
    assert.equal(res.status, 404, bad);
    assert.equal(res.text, none.text, bad);
  }
});

test('every bad upload is refused with a message in the user\'s language and stores nothing', async () => {
  const { client, kase, csrf } = await customerWithCase();
  const url = `/cases/${kase.no}/attachments`;
  const file = (filename, data = 'abc') => ({ name: 'attachments', filename, data });
  const c = { name: 'csrf', value: csrf };
  const b = newBoundary();
  const cases = [
    ['0-byte file', multipart([c, file('empty.txt', '')]), 400, '空のファイル'],
    ['name with ../', multipart([c, file('../../etc/passwd')]), 400, 'ファイル名に使えない文字'],
    ['name with a slash', multipart([c, file('a/b.txt')]), 400, 'ファイル名に使えない文字'],
    ['name with a backslash', multipart([c, file('..\\x.txt')]), 400, 'ファイル名に使えない文字'],
    ['name with a control character', multipart([c, file('a\tb.txt')]), 400, 'ファイル名に使えない文字'],
    ['name with NUL', multipart([c, file('a\u0000b.txt')]), 400, 'ファイル名に使えない文字'],
    ['name with a right-to-left override', multipart([c, file('invoice\u202Efdp.exe')]), 400, 'ファイル名に使えない文字'],
    ['name with a zero-width space', multipart([c, file('a\u200B.txt')]), 400, 'ファイル名に使えない文字'],
    ['name too long', multipart([c, file(`${'長'.repeat(256)}.txt`)]), 400, 'ファイル名に使えない文字'],
    ['a part without a name', multipart([c, { raw: 'Content-Type: text/plain\r\n\r\n', data: 'x' }]), 400, '名前のない項目'],
    ['21 files', multipart([c, ...Array.from({ length: 21 }, (_, i) => file(`f${i}.txt`))]), 400, '20個まで'],
    ['no file at all', multipart([c]), 400, 'ファイルを選択してください'],
    ['a file in another field', multipart([c, { name: 'other', filename: 'a.txt', data: 'x' }]), 400, 'ファイルを受け付けていません'],
    ['truncated body', (() => {
      const m = multipart([c, file('a.txt', 'x'.repeat(1000))]);
      return { body: m.body.subarray(0, m.body.length - 30), contentType: m.contentType };
    })(), 400, '途切れました'],
    ['missing boundary', { body: multipart([c, file('a.txt')], b).body, contentType: 'multipart/form-data' }, 400, '形式が正しくありません'],
    ['wrong boundary', { body: multipart([c, file('a.txt')], b).body, contentType: 'multipart/form-data; boundary=other' }, 400, '形式が正しくありません'],
    ['LF-only framing', {
      body: Buffer.from(`--${b}\nContent-Disposition: form-data; name="csrf"\n\n${csrf}\n--${b}--\n`),
      contentType: `multipart/form-data; boundary=${b}`,
    }, 400, '形式が正しくありません'],
    ['huge part headers', multipart([c, { raw: `Content-Disposition: form-data; name="attachments"; filename="a.txt"\r\nX-Pad: ${'p'.repeat(20000)}\r\n\r\n`, data: 'x' }]), 413, '大きすぎます'],
    ['no CSRF token', multipart([file('a.txt')]), 403, 'フォームの有効期限'],
  ];
  const filesBefore = storeFiles();
  for (const [what, body, status, message] of cases) {
    const res = await postMultipart(client, url, body);
    assert.equal(res.status, status, `${what}: ${res.status}`);
    assert.ok(errorMessage(res.text).includes(message), `${what}: ${errorMessage(res.text)}`);
    assert.equal(attachmentRows(kase.id).length, 0, `${what}: a row was stored`);
    assert.deepEqual(unrecordedSince(filesBefore), [], `${what}: a file was stored`);
  }
});

test('a refused file brings back the new inquiry, the staff\'s new case and a comment as typed, with the reason at the file input', async () => {
  const { client, kase, csrf } = await customerWithCase();
  const staff = await staffLogin({ name: '添付 再表示' });
  const file = (filename, data = 'abc') => ({ name: 'attachments', filename, data });
  const refusals = [
    [[file('empty.txt', '')], 400, '空のファイル'],
    [[file('a\tb.txt')], 400, 'ファイル名に使えない文字'],
    [Array.from({ length: 21 }, (_, i) => file(`f${i}.txt`)), 400, '20個まで'],
  ];
  const inputValue = (html, id) => (new RegExp(`id="${id}"[^>]*value="([^"]*)"`).exec(html) || [])[1];
  const other = categoryId('other');
  const before = storeFiles();
  for (const [files, status, message] of refusals) {
    const form = await client.get('/cases/new');
    const fields = { category: other, subject: `件名 ${message}`, description: `本文 ${message}` };
    const res = await postMultipart(client, '/cases/new', multipart([
      { name: 'csrf', value: csrfOf(form.text) },
      ...Object.entries(fields).map(([name, value]) => ({ name, value })), ...files]));
    assert.equal(res.status, status, `${message}: ${res.status}`);
    assert.ok(res.text.includes('id="new-case-form"'), `${message}: the form comes back`);
    assert.ok(textById(res.text, 'error-attachments').includes(message), textById(res.text, 'error-attachments'));
    assert.equal(textById(res.text, 'form-error'), '入力内容を確認してください。');
    assert.match(textById(res.text, 'error-attachments'), /もう一度選び直してください/);
    assert.equal(inputValue(res.text, 'subject'), fields.subject);
    assert.equal(textById(res.text, 'description'), fields.description);
    assert.match(res.text, new RegExp(`value="${other}"[^>]*checked`));

    const staffForm = await staff.client.get('/staff/cases/new');
    const staffFields = { tenant: TENANT_A.no, category: other, subject: `担当 ${message}`, description: `担当本文 ${message}` };
    const staffRes = await postMultipart(staff.client, '/staff/cases/new', multipart([
      { name: 'csrf', value: csrfOf(staffForm.text) },
      ...Object.entries(staffFields).map(([name, value]) => ({ name, value })), ...files]));
    assert.equal(staffRes.status, status, `staff ${message}: ${staffRes.status}`);
    assert.ok(textById(staffRes.text, 'error-attachments').includes(message));
    assert.equal(inputValue(staffRes.text, 'subject'), staffFields.subject);
    assert.equal(textById(staffRes.text, 'description'), staffFields.description);

    const comment = await postMultipart(client, `/cases/${kase.no}/comment`, multipart([
      { name: 'csrf', value: csrf }, { name: 'version', value: '1' }, { name: 'body', value: `コメント ${message}` },
      ...files]));
    assert.equal(comment.status, status, `comment ${message}: ${comment.status}`);
    assert.ok(textById(comment.text, 'error-attachments').includes(message));
    assert.equal(textById(comment.text, 'comment-body'), `コメント ${message}`);
  }
  // a field in error as well: both are told
  const form = await client.get('/cases/new');
  const both = await postMultipart(client, '/cases/new', multipart([
    { name: 'csrf', value: csrfOf(form.text) }, { name: 'category', value: other },
    { name: 'subject', value: '' }, { name: 'description', value: '本文だけ' }, file('empty.txt', '')]));
  assert.equal(both.status, 400);
  assert.ok(textById(both.text, 'error-subject'));
  assert.ok(textById(both.text, 'error-attachments').startsWith('空のファイル'));
  assert.equal(textById(both.text, 'description'), '本文だけ');
  assert.equal(attachmentRows(kase.id).length, 0);
  assert.deepEqual(unrecordedSince(before), [], 'no file was stored');
  assert.equal(dbRows(`SELECT COUNT(*) FROM cases WHERE subject LIKE '%件名 %' OR subject LIKE '担当 %'`)[0][0], '0');
  // an English user reads both sentences in English
  const en = await loggedIn({ tenant: TENANT_A.no, lang: 'en' });
  const enForm = await en.client.get('/cases/new');
  const enRes = await postMultipart(en.client, '/cases/new', multipart([
    { name: 'csrf', value: csrfOf(enForm.text) }, { name: 'category', value: other },
    { name: 'subject', value: 's' }, { name: 'description', value: 'd' }, file('empty.txt', '')]));
  assert.equal(enRes.status, 400);
  assert.match(textById(enRes.text, 'error-attachments'), /^Empty files \(0 bytes\) cannot be attached\. Please choose the files to attach again\.$/);
});

test('the messages are English for English users', async () => {
  const { user, client } = await loggedIn({ tenant: TENANT_A.no, lang: 'en' });
  const kase = createCase(TENANT_A.no, user.id);
  const csrf = await csrfFor(client);
  const res = await postMultipart(client, `/cases/${kase.no}/attachments`, multipart([
    { name: 'csrf', value: csrf }, { name: 'attachments', filename: 'a/b', data: 'x' }]));
  assert.equal(res.status, 400);
  assert.match(errorMessage(res.text), /^The file name contains characters that are not allowed/);
});

test('a body over the size limit is refused by nginx before it is stored', async () => {
  const { client, kase } = await customerWithCase();
  const b = newBoundary();
  const res = await rawRequest(`POST /cases/${kase.no}/attachments HTTP/1.1\r\nHost: ${HOST}\r\n`
    + `Cookie: ${client.cookieHeader()}\r\nContent-Type: multipart/form-data; boundary=${b}\r\n`
    + `Content-Length: ${2200 * 1024 * 1024}\r\nConnection: close\r\n\r\n`);
  assert.equal(res.status, 413);
  assert.match(res.body.toString('utf8'), /添付できるファイルは1つあたり2GBまでです/);
  assert.equal(attachmentRows(kase.id).length, 0);
});

test('multipart bodies are accepted only where uploads are', async () => {
  const { client, csrf } = await customerWithCase();
  // a form page of another program: nginx passes the body, the program refuses
  const res = await postMultipart(client, '/account/settings', multipart([
    { name: 'csrf', value: csrf }, { name: 'attachments', filename: 'a.txt', data: 'x' }]));
  assert.equal(res.status, 415);
  assert.match(errorMessage(res.text), /この形式のデータは受け付けていません/);
});

test('a closed case takes no attachment', async () => {
  const { client, kase, csrf } = await customerWithCase(TENANT_A, { status: 'closed' });
  const before = storeFiles();
  const res = await postMultipart(client, `/cases/${kase.no}/attachments`, multipart([
    { name: 'csrf', value: csrf }, { name: 'attachments', filename: 'late.txt', data: 'late' }]));
  assert.equal(res.status, 409);
  assert.match(errorMessage(res.text), /クローズしたお問い合わせにはファイルを添付できません/);
  assert.equal(attachmentRows(kase.id).length, 0);
  assert.deepEqual(unrecordedSince(before), []);
});

/** Lines of the cases program's log that say files were stored for path. */
function storedFor(path) {
  let log = '';
  try { log = readFileSync(`${VAR_DIR}/log/cases.log`, 'utf8'); } catch { /* none yet */ }
  return log.split('\n').filter((l) => / bytes stored for POST /.test(l) && l.includes(`POST ${path} in `));
}

function caseError(html) {
  return (/<p class="error-message" role="alert" id="case-error">([^<]*)<\/p>/.exec(html) || [])[1] || '';
}

test('a refused comment or change copies none of its files into the store', async () => {
  const closed = await customerWithCase(TENANT_A, { status: 'closed' });
  const open = await customerWithCase(TENANT_A);
  const staff = await staffLogin({ name: '添付 確認' });
  const staffCsrf = await csrfFor(staff.client);
  const file = { name: 'attachments', filename: 'big.bin', data: Buffer.alloc(256 << 10, 5) };
  const refused = [
    ['closed case', closed.client, `/cases/${closed.kase.no}/comment`,
      [{ name: 'csrf', value: closed.csrf }, { name: 'version', value: '1' }, { name: 'body', value: 'late' }],
      409, /クローズされているため/],
    ['stale version', open.client, `/cases/${open.kase.no}/comment`,
      [{ name: 'csrf', value: open.csrf }, { name: 'version', value: '7' }, { name: 'body', value: 'old page' }],
      409, /ほかの方によって更新されました/],
    ['invalid input', open.client, `/cases/${open.kase.no}/comment`,
      [{ name: 'csrf', value: open.csrf }, { name: 'version', value: 'x' }, { name: 'body', value: 'bad' }],
      400, /./],
    ['staff on a closed case', staff.client, `/staff/cases/${closed.kase.no}/comment`,
      [{ name: 'csrf', value: staffCsrf }, { name: 'version', value: '1' }, { name: 'body', value: 'late' }],
      409, /クローズされているため/],
    ['staff with a stale version', staff.client, `/staff/cases/${open.kase.no}/comment`,
      [{ name: 'csrf', value: staffCsrf }, { name: 'version', value: '7' }, { name: 'body', value: 'old' },
        { name: 'visibility', value: 'internal' }],
      409, /ほかの方によって更新されました/],
  ];
  const before = storeFiles();
  for (const [what, client, url, fields, status, message] of refused) {
    const res = await postMultipart(client, url, multipart([...fields, file]));
    assert.equal(res.status, status, `${what}: ${res.status}`);
    assert.match(caseError(res.text), message, what);
    assert.deepEqual(storedFor(url), [], `${what}: a file was copied into the store`);
  }
  assert.equal(attachmentRows(closed.kase.id).length + attachmentRows(open.kase.id).length, 0);
  assert.deepEqual(unrecordedSince(before), []);
  // the same comment on the current version is taken, and its copy is logged
  const url = `/cases/${open.kase.no}/comment`;
  const ok = await postMultipart(open.client, url, multipart([
    { name: 'csrf', value: open.csrf }, { name: 'version', value: '1' }, { name: 'body', value: 'now' }, file]));
  assert.equal(ok.status, 303, ok.text);
  assert.equal(attachmentRows(open.kase.id).length, 1);
  const deadline = Date.now() + 5000;
  while (storedFor(url).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(storedFor(url).length, 1, 'the accepted comment\'s copy is logged');
});

test('another tenant\'s cases and files answer exactly like missing ones, for every route and role', async () => {
  const a = await customerWithCase(TENANT_A);
  const b = await customerWithCase(TENANT_B);
  const up = await postMultipart(b.client, `/cases/${b.kase.no}/attachments`, multipart([
    { name: 'csrf', value: b.csrf }, { name: 'attachments', filename: 'b-secret.txt', data: 'secret of B' }]));
  assert.equal(up.status, 303);
  const [[bFile]] = attachmentRows(b.kase.id);
  const staff = await staffLogin({ name: '添付 担当' });
  const staffCsrf = await csrfFor(staff.client);
  // an internal file on A's case: staff only
  const internal = await postMultipart(staff.client, `/staff/cases/${a.kase.no}/attachments`, multipart([
    { name: 'csrf', value: staffCsrf }, { name: 'visibility', value: 'internal' },
    { name: 'attachments', filename: 'note.txt', data: 'internal' }]));
  assert.equal(internal.status, 303, internal.text);
  assert.equal(internal.headers.get('location'), `/staff/cases/${a.kase.no}#attachments`);
  const [[aInternal, , , , , flag]] = attachmentRows(a.kase.id);
  assert.equal(flag, '1');

  const missing = missingCaseNo();
  const admin = await loggedIn({ role: 'customer_admin', tenant: TENANT_A.no });
  const adminCsrf = await csrfFor(admin.client);
  for (const [who, client, csrf] of [['user', a.client, a.csrf], ['admin', admin.client, adminCsrf]]) {
    const notFound = await client.get(`/cases/${missing}/attachments/1`);
    assert.equal(notFound.status, 404);
    const gets = [
      `/cases/${b.kase.no}/attachments/${pubid('attachment', bFile)}`,	// B's case and file
      `/cases/${a.kase.no}/attachments/${pubid('attachment', bFile)}`,	// own case, B's file
      `/cases/${a.kase.no}/attachments/${pubid('attachment', aInternal)}`,	// own case, internal file
      `/cases/${missing}/attachments/${pubid('attachment', bFile)}`,
      `/staff/cases/${a.kase.no}/attachments/${pubid('attachment', aInternal)}`,
      `/staff/cases/${b.kase.no}/attachments/${pubid('attachment', bFile)}`,
      `/cases/${a.kase.no}/attachments/99999999999`,
      `/cases/cs0000001/attachments/1`,
    ];
    for (const path of gets) {
      const res = await client.get(path);
      assert.equal(res.status, 404, `${who} GET ${path}`);
      assert.equal(res.text, notFound.text, `${who} GET ${path}: same page as a missing one`);
    }
    const body = () => multipart([{ name: 'csrf', value: csrf }, { name: 'attachments', filename: 'x.txt', data: 'x' }]);
    const postMissing = await postMultipart(client, `/cases/${missing}/attachments`, body());
    assert.equal(postMissing.status, 404);
    for (const path of [`/cases/${b.kase.no}/attachments`, `/staff/cases/${a.kase.no}/attachments`,
      `/staff/cases/${b.kase.no}/attachments`]) {
      const res = await postMultipart(client, path, body());
      assert.equal(res.status, 404, `${who} POST ${path}`);
      assert.equal(res.text.replace(/name="csrf" value="[^"]*"/g, ''), postMissing.text.replace(/name="csrf" value="[^"]*"/g, ''),
        `${who} POST ${path}: same page as a missing one`);
    }
  }
  assert.equal(attachmentRows(b.kase.id).length, 1, 'nothing was added to B');
  assert.equal(attachmentRows(a.kase.id).length, 1, 'nothing was added to A');

  // staff reach every tenant's files through the staff URLs, not the customer ones
  const sb = await download(staff.client, `/staff/cases/${b.kase.no}/attachments/${pubid('attachment', bFile)}`);
  assert.equal(sb.res.status, 200);
  assert.equal(sb.sha256, sha256Hex('secret of B'));
  const si = await download(staff.client, `/staff/cases/${a.kase.no}/attachments/${pubid('attachment', aInternal)}`);
  assert.equal(si.res.status, 200);
  assert.equal((await staff.client.get(`/cases/${b.kase.no}/attachments/${pubid('attachment', bFile)}`)).status, 404);
  const wrongCase = await staff.client.get(`/staff/cases/${a.kase.no}/attachments/${pubid('attachment', bFile)}`);
  assert.equal(wrongCase.status, 404, 'a file is reached only through its own case');
  // the customer of A downloads nothing of B even with the right ids
  const [[count]] = dbRows(`SELECT COUNT(*) FROM case_attachments WHERE case_id IN (${a.kase.id}, ${b.kase.id})`);
  assert.equal(count, '2');
});

test('HEAD of a download answers like GET without the body', async () => {
  const { client, kase, csrf } = await customerWithCase();
  await postMultipart(client, `/cases/${kase.no}/attachments`, multipart([
    { name: 'csrf', value: csrf }, { name: 'attachments', filename: 'h.txt', type: 'text/plain', data: 'hello' }]));
  const [[id]] = attachmentRows(kase.id);
  const head = await download(client, `/cases/${kase.no}/attachments/${pubid('attachment', id)}`, { method: 'HEAD' });
  assert.equal(head.res.status, 200);
  assert.equal(head.size, 0);
  assert.equal(head.res.headers.get('content-length'), '5');
});

test('sweep-attachments removes only old files that no row records', async () => {
  const { client, kase, csrf } = await customerWithCase();
  const res = await postMultipart(client, `/cases/${kase.no}/attachments`, multipart([
    { name: 'csrf', value: csrf }, { name: 'attachments', filename: 'kept.txt', data: 'kept' }]));
  assert.equal(res.status, 303);
  const [[, , , , , , recorded]] = attachmentRows(kase.id);
  const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
  const oldOrphan = randomBytes(16).toString('hex');
  const youngOrphan = randomBytes(16).toString('hex');
  writeFileSync(path.join(STORE_DIR, oldOrphan), 'left behind');
  writeFileSync(path.join(STORE_DIR, youngOrphan), 'being recorded');
  utimesSync(path.join(STORE_DIR, oldOrphan), twoHoursAgo, twoHoursAgo);
  utimesSync(path.join(STORE_DIR, recorded), twoHoursAgo, twoHoursAgo);
  const out = execFileSync(ADMIN, ['--config', CONFIG, 'sweep-attachments'], { encoding: 'utf8' });
  assert.match(out, /^[1-9]\d* unrecorded file\(s\) removed/);
  const left = storeFiles();
  assert.ok(!left.includes(oldOrphan), 'the old unrecorded file is gone');
  assert.ok(left.includes(youngOrphan), 'a file younger than the limit stays');
  assert.ok(left.includes(recorded), 'a recorded file stays');
  rmSync(path.join(STORE_DIR, youngOrphan));
  const got = await download(client, `/cases/${kase.no}/attachments/${pubid('attachment', attachmentRows(kase.id)[0][0])}`);
  assert.equal(got.sha256, sha256Hex('kept'));
  assert.throws(() => execFileSync(ADMIN, ['--config', CONFIG, 'sweep-attachments', '--min-age-minutes', '1'],
    { stdio: 'ignore' }), 'a minimum age too short for a running upload is refused');
});

test('without a session nginx refuses an upload before storing its body', async () => {
  const { kase } = await customerWithCase();
  const b = newBoundary();
  const started = Date.now();
  // 1 GB announced, nothing sent: the answer must not wait for the body
  const res = await rawRequest(`POST /cases/${kase.no}/attachments HTTP/1.1\r\nHost: ${HOST}\r\n`
    + `Content-Type: multipart/form-data; boundary=${b}\r\nContent-Length: 1000000000\r\nConnection: close\r\n\r\n`);
  assert.equal(res.status, 303);
  assert.match(res.head, /\r\nLocation: \/auth\/login\?next=%2Fcases%2F(\r\n|$)/i);
  assert.ok(Date.now() - started < 5000, 'answered without waiting for the body');
  // a session that ended is treated the same
  const { client } = await loggedIn({ tenant: TENANT_A.no });
  const csrf = await csrfFor(client);
  const bye = await client.post('/auth/logout', { csrf });
  assert.equal(bye.status, 303);
  const late = await postMultipart(client, `/cases/${kase.no}/attachments`, multipart([
    { name: 'csrf', value: csrf }, { name: 'attachments', filename: 'late.txt', data: 'x' }]));
  assert.equal(late.status, 303);
  assert.match(late.headers.get('location'), /^\/auth\/login/);
  assert.equal(attachmentRows(kase.id).length, 0);
});

test('pages under the upload locations keep their login redirect: next is the page with its query', async () => {
  for (const page of ['/cases/new?alert=123', '/cases/new', '/cases/requests/some_item?x=1',
    '/staff/cases/new?tenant=N200000001&category=7']) {
    const res = await rawRequest(`GET ${page} HTTP/1.1\r\nHost: ${HOST}\r\nConnection: close\r\n\r\n`);
    assert.equal(res.status, 303, `GET ${page}`);
    const location = /\r\nLocation: ([^\r\n]*)/i.exec(res.head)?.[1] || '';
    const url = new URL(location, 'http://x');
    assert.equal(url.pathname, '/auth/login', `GET ${page}: ${location}`);
    assert.equal(url.searchParams.get('next'), page, `GET ${page}: ${location}`);
  }
  // a GET with a body, and any POST, is still checked before nginx stores it
  const withBody = await rawRequest(`GET /cases/new HTTP/1.1\r\nHost: ${HOST}\r\nContent-Length: 1000000000\r\n`
    + 'Connection: close\r\n\r\n');
  assert.equal(withBody.status, 303);
  assert.match(withBody.head, /\r\nLocation: \/auth\/login\?next=%2Fcases%2F(\r\n|$)/i);
  // a logged-in user still gets the page itself
  const { client } = await loggedIn({ tenant: TENANT_A.no });
  const form = await client.get('/cases/new');
  assert.equal(form.status, 200);
});

test('an upload the client abandons half-way leaves no body, no file and no row', async () => {
  const { client, kase, csrf } = await customerWithCase();
  const before = storeFiles();
  const bodiesBefore = new Set(bodyTmpFiles());
  const m = multipart([{ name: 'csrf', value: csrf }, { name: 'attachments', filename: 'half.bin', data: Buffer.alloc(4 << 20, 1) }]);
  const sock = net.connect({ host: BASE_URL.hostname, port: Number(BASE_URL.port) });
  await new Promise((resolve) => sock.on('connect', resolve));
  sock.write(`POST /cases/${kase.no}/attachments HTTP/1.1\r\nHost: ${HOST}\r\nCookie: ${client.cookieHeader()}\r\n`
    + `Content-Type: ${m.contentType}\r\nContent-Length: ${m.body.length}\r\n\r\n`);
  sock.write(m.body.subarray(0, m.body.length / 2));
  const ours = () => bodyTmpFiles().filter((f) => !bodiesBefore.has(f));
  // nginx has started storing the body: then the client goes away
  const deadline = Date.now() + 10000;
  while (ours().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const partial = ours();
  assert.ok(partial.length > 0, 'nginx was storing the body');
  sock.destroy();
  const gone = Date.now() + 10000;
  const left = () => bodyTmpFiles().filter((f) => partial.includes(f));
  while (left().length > 0 && Date.now() < gone) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(left(), [], 'nginx removed the partial body');
  assert.equal(attachmentRows(kase.id).length, 0);
  assert.deepEqual(unrecordedSince(before), []);
});
