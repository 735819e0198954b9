// The cases program spoken to directly over FastCGI: multipart bodies reach
// it only as files nginx stored in Paths.UploadTmp. A multipart body on
// stdin, a body file elsewhere (or a link out of the directory) and a file
// shorter than its Content-Length are refused before any handler runs.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { makeTemp, rmTemp, startProgram, fcgiRequest } from '../lib/fcgi.mjs';
import { multipart } from '../lib/attach.mjs';
import { BODY_TMP_DIR } from '../lib/attach.mjs';

let dir;
let cases;
const made = [];

before(async () => {
  dir = makeTemp('mm-fcgi-attach-');
  cases = await startProgram('cases', { dir });
});

after(async () => {
  const r = cases ? await cases.stop() : null;
  for (const f of made) fs.rmSync(f, { force: true });
  rmTemp(dir);
  assert.deepEqual(r, { code: 0, signal: null }, 'cases exit');
});

function errorMessage(html) {
  return (/<p class="error-message">([^<]*)<\/p>/.exec(html) || [])[1] || '';
}

const upload = multipart([{ name: 'csrf', value: 'x' }, { name: 'attachments', filename: 'a.txt', data: 'abc' }]);

function post(params, body = '') {
  return fcgiRequest(cases.socket, {
    REQUEST_METHOD: 'POST', DOCUMENT_URI: '/cases/CS0000001/attachments', REMOTE_ADDR: '127.0.0.1',
    CONTENT_TYPE: upload.contentType, ...params,
  }, body);
}

test('a multipart body on stdin is refused: uploads come through nginx only', () => {
  const res = post({ CONTENT_LENGTH: String(upload.body.length) }, upload.body);
  assert.equal(res.status, 415);
  assert.match(errorMessage(res.body), /ファイルを受け付けていません/);
});

test('a body file outside the upload directory is never read', () => {
  const outside = path.join(dir, 'body');
  fs.writeFileSync(outside, upload.body);
  for (const file of [outside, '/etc/passwd', `${BODY_TMP_DIR}/../../mimamori.hdf`, 'relative']) {
    const res = post({ CONTENT_LENGTH: String(upload.body.length), REQUEST_BODY_FILE: file });
    assert.equal(res.status, 400, file);
  }
  // a link inside the directory that points out of it
  const link = path.join(BODY_TMP_DIR, `link-${process.pid}`);
  made.push(link);
  fs.symlinkSync(outside, link);
  assert.equal(post({ CONTENT_LENGTH: String(upload.body.length), REQUEST_BODY_FILE: link }).status, 400);
});

test('a stored body shorter than its Content-Length is refused as cut off', () => {
  const file = path.join(BODY_TMP_DIR, `short-${process.pid}`);
  made.push(file);
  fs.writeFileSync(file, upload.body.subarray(0, 20));
  const res = post({ CONTENT_LENGTH: String(upload.body.length), REQUEST_BODY_FILE: file });
  assert.equal(res.status, 400);
  assert.match(errorMessage(res.body), /途切れました/);
});

test('a well-formed stored body gets past the parser (then needs a session)', () => {
  const file = path.join(BODY_TMP_DIR, `ok-${process.pid}`);
  made.push(file);
  fs.writeFileSync(file, upload.body);
  const res = post({ CONTENT_LENGTH: String(upload.body.length), REQUEST_BODY_FILE: file });
  assert.equal(res.status, 303);
  assert.match(res.header('location'), /^\/auth\/login\?next=/);
});
