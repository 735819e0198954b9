// Overload: a program whose workers are all busy queues requests instead of
// refusing them, and when its queue is really full nginx answers with the
// portal's static busy page (503, Retry-After), never a bare 502.
//
// A private dashboard instance with one worker behind a private nginx made
// from nginx/dev.conf.in; the worker is held busy by a FastCGI connection
// that begins a request and never finishes it, so every request sent
// through nginx meanwhile waits in the program's listen queue (counted with
// `ss`) or is refused by the kernel.
import test, { after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { makeTemp, rmTemp, startProgram } from '../lib/fcgi.mjs';
import { startNginx, listenQueue } from '../lib/nginx.mjs';
import { CONFIG } from '../lib/http.mjs';
import { until } from '../lib/poll.mjs';

const BUSY_JA = 'ただいま混み合っています';
const BUSY_EN = 'The portal is busy';

const cleanups = [];
after(async () => {
  for (const fn of cleanups.reverse()) await fn();
});



/** A program instance (1 worker) and nginx in front of it, in a fresh dir. */
async function stack({ backlog } = {}) {
  const dir = makeTemp('mm-overload-');
  fs.chmodSync(dir, 0o755);
  let config = CONFIG;
  if (backlog !== undefined) {
    config = path.join(dir, 'mm.hdf');
    fs.writeFileSync(config, `${fs.readFileSync(CONFIG, 'utf8')}\nServe.Backlog = ${backlog}\n`);
  }
  const program = await startProgram('dashboard', { dir, config, args: ['--socket-mode', '0666'] });
  const nginx = await startNginx(dir);
  cleanups.push(async () => {
    await nginx.stop();
    const r = await program.stop();
    assert.deepEqual(r, { code: 0, signal: null }, `dashboard exit\n${program.log()}`);
    rmTemp(dir);
  });
  return { dir, program, nginx };
}

/** Occupies the program's only worker: a request that never ends. */
async function holdWorker(socketPath) {
  const sock = net.connect(socketPath);
  await new Promise((resolve, reject) => { sock.once('connect', resolve); sock.once('error', reject); });
  // FCGI_BEGIN_REQUEST (id 1, role RESPONDER), then no parameters ever.
  sock.write(Buffer.from([1, 1, 0, 1, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]));
  // taken by the worker once nothing waits in the queue any more
  await until('the worker to take the held request', () => listenQueue(socketPath) === 0);
  return () => sock.destroy();
}

/** Sends n GET / at once; returns the list that fills with { status, headers, body }. */
function flood(base, n) {
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const answers = [];
  for (let i = 0; i < n; i++) {
    http.get(`${base}/`, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => answers.push({ status: res.statusCode, headers: res.headers, body }));
    }).on('error', (e) => answers.push({ status: 0, error: e.message }));
  }
  return answers;
}

function statusCounts(answers) {
  const c = {};
  for (const a of answers) c[a.status] = (c[a.status] || 0) + 1;
  return c;
}

test('busy workers: hundreds of requests wait in the queue and are all served', async () => {
  const { program, nginx } = await stack();
  const release = await holdWorker(program.socket);
  const n = 300;	// more than the 128 the programs used to queue
  const answers = flood(nginx.base, n);
  // every request is either answered (wrongly, while the worker is held) or queued
  await until(`${n} requests queued or answered`,
    () => answers.length + listenQueue(program.socket) >= n);
  assert.deepEqual(statusCounts(answers), {}, 'nothing answered while the worker is busy');
  release();
  await until(`${n} answers`, () => answers.length === n);
  // not logged in: the home page sends to the login form
  assert.deepEqual(statusCounts(answers), { 303: n });
  assert.doesNotMatch(nginx.log('nginx-error.log'), /Resource temporarily unavailable/);
});

test('a full queue: the portal busy page with 503 and Retry-After, never a 502', async () => {
  const backlog = 2;
  const { program, nginx } = await stack({ backlog });
  const release = await holdWorker(program.socket);
  const n = 30;
  const answers = flood(nginx.base, n);
  await until(`${n} requests queued or answered`,
    () => answers.length + listenQueue(program.socket) >= n);
  const queued = n - answers.length;
  assert.ok(queued >= 1 && queued <= backlog + 1, `queued ${queued} with a backlog of ${backlog}`);
  for (const a of answers) {
    assert.equal(a.status, 503, `refused request: ${a.status} ${a.error || ''}`);
    assert.equal(a.headers['retry-after'], '5');
    assert.match(a.headers['content-type'], /^text\/html; charset=utf-8/);
    assert.equal(a.headers['cache-control'], 'no-store');
    assert.ok(a.body.includes(BUSY_JA) && a.body.includes(BUSY_EN), a.body.slice(0, 300));
    assert.match(a.body, /<link rel="stylesheet" href="\/static\/css\/mimamori.css">/);
  }
  release();
  await until(`${n} answers`, () => answers.length === n);
  const counts = statusCounts(answers);
  assert.deepEqual(counts, { 303: queued, 503: n - queued });
  // a POST that meets a full queue gets the same page (nginx turns it into a GET)
  const releaseAgain = await holdWorker(program.socket);
  const fill = flood(nginx.base, backlog + 1);
  await until('the queue to fill', () => listenQueue(program.socket) + fill.length >= backlog + 1);
  const post = await fetch(`${nginx.base}/auth/login`, {
    method: 'POST', body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const text = await post.text();
  assert.equal(post.status, 503);
  assert.equal(post.headers.get('retry-after'), '5');
  assert.ok(text.includes(BUSY_JA));
  releaseAgain();
  await until('the queued requests', () => fill.length === backlog + 1);
});
