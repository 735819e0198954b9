// The attachment store full (§12): the cases program of a private stack runs
// with a file size limit (RLIMIT_FSIZE, with SIGXFSZ ignored, so a write
// past it fails with EFBIG like a full disk fails with ENOSPC; this needs
// no mount and works as any user). An upload above the limit gets a clear
// message in the user's language, and leaves no row, no stored file and no
// request body; a smaller one still goes through.
import test from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PASSWORD, csrfOf, decodeEntities, uniqueId } from '../lib/http.mjs';
import { multipart } from '../lib/attach.mjs';
import { demoLogin, privateStack } from '../lib/stack.mjs';
import { sha256Hex } from '../lib/load.mjs';

const LIMIT = 1 << 20;
const FULL_JA = '添付ファイルを保存する領域がいっぱいのため、ファイルを保存できませんでした。';
const FULL_EN = 'The file could not be saved because the storage for attachments is full.';

function errorText(html) {
  const m = /<p class="error-message"[^>]*>([\s\S]*?)<\/p>/.exec(html) || /<div class="error[^"]*"[^>]*>([\s\S]*?)<\/div>/.exec(html);
  return m ? decodeEntities(m[1].replace(/<[^>]*>/g, '')).trim() : '';
}

test('attachment store full: a clear message in ja and en, no row, no file, no body left', { timeout: 300000 }, async () => {
  const st = await privateStack({
    programs: ['auth', 'cases'],
    wrap: { cases: ['prlimit', `--fsize=${LIMIT}`, '--', 'sh', '-c', 'trap "" XFSZ; exec "$0" "$@"'] },
  });
  try {
    const login = uniqueId('en');
    st.admin('create-user', '--login', login, '--password', PASSWORD, '--role', 'customer_user', '--tenant', 'N200000001', '--lang', 'en');
    const users = [
      { client: await demoLogin(st, 'admin-a@example.com'), message: FULL_JA },
      { client: st.client(), message: FULL_EN },
    ];
    const form = await users[1].client.get('/auth/login');
    const res = await users[1].client.post('/auth/login', { csrf: csrfOf(form.text), user_id: login, password: PASSWORD });
    assert.equal(res.status, 303, 'English user logged in');
    const [[category]] = st.sql("SELECT id FROM case_categories WHERE code = 'service'");
    const store = path.join(st.dir, 'attachments');
    const bodies = path.join(st.dir, 'nginx', 'client_body');
    const count = (table) => st.sql(`SELECT COUNT(*) FROM ${table}`)[0][0];

    for (const { client, message } of users) {
      // a case to comment on, with a small attachment that fits
      const newForm = await client.get('/cases/new');
      const small = randomBytes(100 * 1024);
      const okNew = multipart([
        { name: 'csrf', value: csrfOf(newForm.text) }, { name: 'category', value: category },
        { name: 'subject', value: '容量テスト' }, { name: 'description', value: '本文' },
        { name: 'attachments', filename: 'small.bin', data: small },
      ]);
      const created = await client.request('POST', '/cases/new', { body: okNew.body, contentType: okNew.contentType });
      assert.equal(created.status, 303, `a file below the limit is stored: ${created.status} ${created.text.slice(0, 300)}`);
      const caseNo = /\/cases\/(CS\d{7})/.exec(created.headers.get('location'))[1];
      assert.equal(st.sql(`SELECT COUNT(*) FROM case_attachments t JOIN cases c ON c.id = t.case_id
        WHERE c.case_no = '${caseNo}' AND HEX(t.sha256) = '${sha256Hex(small).toUpperCase()}'`)[0][0], '1');

      const before = {
        cases: count('cases'), activity: count('case_activity'), attachments: count('case_attachments'),
        files: fs.readdirSync(store).sort(),
      };
      const big = randomBytes(LIMIT + 512 * 1024);
      // a comment with a file too big for the room left
      const page = await client.get(`/cases/${caseNo}`);
      const version = /name="version" value="(\d+)"/.exec(page.text)[1];
      const comment = multipart([
        { name: 'csrf', value: csrfOf(page.text) }, { name: 'version', value: version },
        { name: 'body', value: 'full-disk comment' },
        { name: 'attachments', filename: 'big.bin', data: big },
      ]);
      const refused = await client.request('POST', `/cases/${caseNo}/comment`, { body: comment.body, contentType: comment.contentType });
      assert.equal(refused.status, 507, `${errorText(refused.text)}\n${st.procs.cases.log().slice(-1500)}`);
      assert.ok(refused.text.includes(message), `message in the user's language: ${errorText(refused.text)}`);
      // a new case with such a file
      const again = await client.get('/cases/new');
      const bigNew = multipart([
        { name: 'csrf', value: csrfOf(again.text) }, { name: 'category', value: category },
        { name: 'subject', value: '容量テスト2' }, { name: 'description', value: '本文' },
        { name: 'attachments', filename: 'big.bin', data: big },
      ]);
      const refusedNew = await client.request('POST', '/cases/new', { body: bigNew.body, contentType: bigNew.contentType });
      assert.equal(refusedNew.status, 507, `${errorText(refusedNew.text)}\n${st.procs.cases.log().slice(-1500)}`);
      assert.ok(refusedNew.text.includes(message), `message on the new case form: ${errorText(refusedNew.text)}`);

      assert.deepEqual({
        cases: count('cases'), activity: count('case_activity'), attachments: count('case_attachments'),
        files: fs.readdirSync(store).sort(),
      }, before, 'no row and no file stored');
      assert.deepEqual(fs.existsSync(bodies) ? fs.readdirSync(bodies) : [], [], 'the upload body is removed');
    }
    assert.match(st.procs.cases.log(), /attachment store: File too large/, 'the cause is logged');
  } finally {
    const exits = await st.stop();
    for (const [name, r] of Object.entries(exits)) assert.deepEqual(r, { code: 0, signal: null }, `${name} exit`);
  }
});
