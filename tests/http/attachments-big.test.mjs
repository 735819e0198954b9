// Attachments at full size (CASE-7): a 2 GiB file goes up through nginx and
// comes back with the same SHA-256 while the cases workers stay small, and
// a worker killed in the middle of storing a file leaves no row, no file in
// the store and no request body behind.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, readlinkSync, statfsSync, statSync } from 'node:fs';
import path from 'node:path';
import { loggedIn, TENANT_A, VAR_DIR, BASE_URL } from '../lib/http.mjs';
import { pubid } from '../lib/pubid.mjs';
import {
  attachmentRows, createCase, csrfFor, download, storeFiles, bodyTmpFilesOver, newBoundary, STORE_DIR, BODY_TMP_DIR,
  unrecordedSince,
} from '../lib/attach.mjs';

const GIB = 1024 * 1024 * 1024;
const RSS_LIMIT_KIB = 64 * 1024;

/** Pids of the cases program's workers (children of its supervisor). */
function casesWorkers() {
  const supervisor = readFileSync(path.join(VAR_DIR, 'run', 'cases.pid'), 'utf8').trim();
  const pids = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      if (new RegExp(`^PPid:\\s+${supervisor}$`, 'm').test(status)) pids.push(Number(name));
    } catch { /* gone meanwhile */ }
  }
  return pids;
}

/** VmHWM (peak resident set) and VmRSS of a process, in KiB. */
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key) => Number((new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status) || [])[1]);
  return { hwm: kib('VmHWM'), rss: kib('VmRSS') };
}

/**
 * The worker copying our upload: it holds an unnamed file of the store open
 * and the request body nginx stored, of bodySize bytes.
 */
function workerStoring(bodySize) {
  for (const pid of casesWorkers()) {
    try {
      let storing = false;
      let ours = false;
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        let target;
        try { target = readlinkSync(`/proc/${pid}/fd/${fd}`); } catch { continue; }
        if (target.startsWith(`${STORE_DIR}/`) && target.endsWith('(deleted)')) storing = true;
        if (target.startsWith(`${BODY_TMP_DIR}/`)) {
          try { ours ||= statSync(`/proc/${pid}/fd/${fd}`).size === bodySize; } catch { /* closed */ }
        }
      }
      if (storing && ours) return pid;
    } catch { /* gone meanwhile */ }
  }
  return null;
}

/**
 * Streams a multipart upload of one generated file of `size` bytes (a
 * random 1 MiB block repeated with a counter, so no two MiB are alike)
 * without holding it: returns { promise of { status, location }, sha256 }.
 */
function streamUpload(client, url, csrf, size, fileName) {
  const boundary = newBoundary();
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n`
    + `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="${fileName}"\r\n`
    + 'Content-Type: application/octet-stream\r\n\r\n');
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const block = randomBytes(1024 * 1024);
  const hash = createHash('sha256');
  let resolveHash;
  const sha256 = new Promise((r) => { resolveHash = r; });
  const promise = new Promise((resolve, reject) => {
    const req = http.request({
      host: BASE_URL.hostname, port: BASE_URL.port, method: 'POST', path: url,
      headers: {
        cookie: client.cookieHeader(),
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': head.length + size + tail.length,
      },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, location: res.headers.location, retryAfter: res.headers['retry-after'] }));
    });
    req.on('error', reject);
    let sent = 0;
    let counter = 0;
    const pump = () => {
      while (sent < size) {
        const n = Math.min(block.length, size - sent);
        const chunk = Buffer.from(block.subarray(0, n));
        chunk.writeUInt32LE(counter++, 0);
        hash.update(chunk);
        sent += n;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      resolveHash(hash.digest('hex'));
      req.end(tail);
    };
    req.write(head);
    pump();
  });
  return { promise, sha256, bodySize: head.length + size + tail.length };
}

async function until(what, cond, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await cond();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

const free = statfsSync(VAR_DIR);
const freeBytes = free.bavail * free.bsize;
// nginx's copy of the body and the stored file, with room to spare
const skip = freeBytes < 6 * GIB ? `needs 6 GiB free in ${VAR_DIR}, has ${(freeBytes / GIB).toFixed(1)} GiB` : false;

test('a 2 GiB attachment goes up and comes back unchanged while the workers stay under 64 MiB', { skip, timeout: 15 * 60 * 1000 }, async () => {
  const { user, client } = await loggedIn({ tenant: TENANT_A.no, name: '大容量 利用者' });
  const kase = createCase(TENANT_A.no, user.id);
  const csrf = await csrfFor(client);
  const size = 2 * GIB;
  const started = Date.now();
  const up = streamUpload(client, `/cases/${kase.no}/attachments`, csrf, size, '大容量.bin');
  const res = await up.promise;
  const uploadMs = Date.now() - started;
  assert.equal(res.status, 303);
  const rows = attachmentRows(kase.id);
  assert.equal(rows.length, 1);
  assert.equal(rows[0][2], String(size));
  const sha = await up.sha256;
  assert.equal(rows[0][3].toLowerCase(), sha);

  const t1 = Date.now();
  const got = await download(client, `/cases/${kase.no}/attachments/${pubid('attachment', rows[0][0])}`);
  const downloadMs = Date.now() - t1;
  assert.equal(got.res.status, 200);
  assert.equal(got.size, size);
  assert.equal(got.sha256, sha);

  const workers = casesWorkers();
  assert.ok(workers.length > 0);
  const peak = Math.max(...workers.map((pid) => memoryOf(pid).hwm));
  console.log(`# 2 GiB: upload ${uploadMs} ms, download ${downloadMs} ms, worker peak RSS ${peak} KiB`);
  assert.ok(peak < RSS_LIMIT_KIB, `a cases worker peaked at ${peak} KiB`);
  // nginx unlinks the stored body when it finalises the request, which may
  // come just after the client has read the answer
  await until('nginx to remove the request body', () => bodyTmpFilesOver(size).length === 0, 30000);
});

test('a worker killed while storing a file leaves no row, no stored file and no request body', { skip, timeout: 10 * 60 * 1000 }, async () => {
  const { user, client } = await loggedIn({ tenant: TENANT_A.no, name: '中断 利用者' });
  const kase = createCase(TENANT_A.no, user.id);
  const csrf = await csrfFor(client);
  const before = storeFiles();
  const up = streamUpload(client, `/cases/${kase.no}/attachments`, csrf, GIB, 'kill.bin');
  let answered = false;
  const result = up.promise.then((r) => { answered = true; return r; });
  const pid = await until('a worker storing the file', () => {
    if (answered) throw new Error('the upload finished before a worker was seen storing it');
    return workerStoring(up.bodySize);
  }, 5 * 60 * 1000);
  process.kill(pid, 'SIGKILL');
  const res = await result;
  assert.equal(res.status, 503, 'nginx reports the lost worker with its busy page');
  assert.match(res.retryAfter || '', /^[1-9]\d*$/, 'with Retry-After');
  assert.equal(attachmentRows(kase.id).length, 0);
  await until('nginx to remove the body', () => bodyTmpFilesOver(GIB).length === 0, 10000);
  assert.deepEqual(unrecordedSince(before), [], 'the store holds no new file');
  // the program goes on serving
  const again = await client.get(`/cases/${kase.no}/attachments/1`);
  assert.equal(again.status, 404);
});
