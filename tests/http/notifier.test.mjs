// Outbox delivery by mimamori-notifier (X-3, §12): SMTP and SMS sinks,
// retries with backoff, kill -9 without loss, several notifiers at once.
//
// The stack runs its own notifier on its outbox. So that it cannot take the
// rows these tests insert, the tests work on a private copy of the outbox
// table in a database of their own (same MariaDB server, root over the
// socket) with their own notifier processes, sinks and clock-offset file
// (time travel past backoffs and leases). Only the last test touches the
// stack's outbox: it checks that the stack's notifier delivers.
//
// Environment (set by ./mimamori test): MM_CONFIG, MM_ADMIN (mimamori-notifier
// sits next to it), MM_VAR_DIR (the stack's sinks store in mail/ and sms/).
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const PYTHON = '/usr/bin/python3';
const CONFIG = need('MM_CONFIG');
const NOTIFIER = path.join(path.dirname(need('MM_ADMIN')), 'mimamori-notifier');
const VAR_DIR = process.env.MM_VAR_DIR || '';

const JA_SUBJECT = 'お申込みのご案内(申請番号:AAP-XXXXXXXX)';
const FROM = 'Mimamori <noreply@mimamori.example>';

function need(name) {
  const v = process.env[name];
  if (!v) throw new Error(`environment variable ${name} is not set (run the tests through ./mimamori test)`);
  return v;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls cond() until it returns a truthy value; fails after timeoutMs. */
async function waitFor(what, cond, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await cond();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

// --- configuration (HDF: "Key = value", "Name {" ... "}", #include) -------

function readHdf(file, into = new Map(), prefix = []) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const stack = [...prefix];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    let m;
    if ((m = line.match(/^#include\s+"([^"]+)"/))) {
      readHdf(path.resolve(path.dirname(file), m[1]), into, stack);
    } else if (line === '' || line.startsWith('#')) {
      continue;
    } else if ((m = line.match(/^([\w.]+)\s*\{$/))) {
      stack.push(m[1]);
    } else if (line === '}') {
      stack.pop();
    } else if ((m = line.match(/^([\w.]+)\s*<<\s*(\w+)$/))) {
      while (i + 1 < lines.length && lines[i + 1].trim() !== m[2]) i++;
      i++;
    } else if ((m = line.match(/^([\w.]+)\s*=\s?(.*)$/))) {
      into.set([...stack, m[1]].join('.'), m[2].trim());
    }
  }
  return into;
}

const CFG = readHdf(CONFIG);
const DB_SOCKET = CFG.get('Db.Socket');
const STACK_DB = CFG.get('Db.Name') || 'mimamori';

// --- database (mariadb client, root over the socket) -----------------------

function sql(db, text) {
  return execFileSync('mariadb', ['--no-defaults', '--default-character-set=utf8mb4',
    `--socket=${DB_SOCKET}`, '-uroot', '--batch', '--skip-column-names', '-e', text, db],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A SQL string literal (the values come from this file). */
function q(s) {
  return `'${String(s).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** UTC "YYYY-MM-DD HH:MM:SS" of now + seconds. */
function dbTime(offsetSec = 0) {
  return new Date(Date.now() + offsetSec * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

function parseDbTime(s) {
  return Date.parse(`${s.replace(' ', 'T')}Z`);
}

const TEST_DB = `mm_ntest_${process.pid}_${randomBytes(3).toString('hex')}`;

/** Queues rows in the tests' outbox: [{ channel, recipient, subject, body }]. */
function queue(rows, db = TEST_DB) {
  const now = dbTime(-1);
  const values = rows.map((r) => `(${q(r.channel || 'mail')}, ${q(r.recipient)}, ${q(r.subject || '')}, `
    + `${q(r.body || '')}, ${q(now)}, ${q(now)})`);
  sql(db, `INSERT INTO outbox (channel, recipient, subject, body, created_at, next_attempt_at) VALUES ${values.join(', ')}`);
}

const COLS = ['id', 'channel', 'recipient', 'status', 'attempts', 'next_attempt_at', 'lease_until',
  'claim', 'sent_at', 'last_error'];
/** Rows whose recipient matches (LIKE pattern), as objects. */
function rows(pattern, db = TEST_DB) {
  const out = sql(db, `SELECT id, channel, recipient, status, attempts, next_attempt_at, lease_until, `
    + `HEX(claim), sent_at, last_error FROM outbox WHERE recipient LIKE ${q(pattern)} ORDER BY id`);
  return out.split('\n').filter(Boolean).map((line) => {
    const f = line.split('\t');
    const o = {};
    COLS.forEach((c, i) => { o[c] = f[i] === 'NULL' ? null : f[i]; });
    o.id = Number(o.id);
    o.attempts = Number(o.attempts);
    return o;
  });
}

// --- processes ---------------------------------------------------------------

let WORK; // private directory of this file
let CLOCK_FILE;
const children = new Set();

function setClock(seconds) {
  fs.writeFileSync(`${CLOCK_FILE}.tmp`, `${seconds}\n`);
  fs.renameSync(`${CLOCK_FILE}.tmp`, CLOCK_FILE);
}

function startProcess(cmd, args, logName) {
  const log = fs.openSync(path.join(WORK, logName), 'a');
  const child = spawn(cmd, args, { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  child.exited = new Promise((resolve) => child.on('exit', (code, signal) => {
    children.delete(child);
    resolve({ code, signal });
  }));
  children.add(child);
  return child;
}

async function startSink(name, script, args) {
  const portFile = path.join(WORK, `${name}.port`);
  const child = startProcess(PYTHON, [path.join(ROOT, 'tools/dev', script), '--port', '0',
    '--port-file', portFile, ...args], `${name}.log`);
  const port = await waitFor(`${name} port file`, () => {
    if (child.exitCode !== null) throw new Error(`${name} exited: ${fs.readFileSync(path.join(WORK, `${name}.log`), 'utf8')}`);
    return fs.existsSync(portFile) && fs.readFileSync(portFile, 'utf8').trim();
  });
  return { child, port: Number(port) };
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return child.exited;
  child.kill('SIGTERM');
  return child.exited;
}

let SINK; // { mailDir, slowDir, smsDir, smtpPort, slowPort, smsPort, token }

/** A config for this file's notifiers: the stack's, pointed at the tests'
 * database, clock and sinks; extra lines override. */
function writeConfig(name, extra = []) {
  const file = path.join(WORK, `${name}.hdf`);
  const lines = [
    `#include "${CONFIG}"`,
    `Db.Name = ${TEST_DB}`,
    'Db.User = root',
    'Db.Password =',
    `Clock.OffsetFile = ${CLOCK_FILE}`,
    `Mail.From = ${FROM}`,
    `Mail.Smtp.Url = smtp://127.0.0.1:${SINK.smtpPort}`,
    'Mail.Smtp.StartTls = try',
    `Sms.Url = http://127.0.0.1:${SINK.smsPort}/sms`,
    `Sms.Token = ${SINK.token}`,
    'Notifier.PollMs = 100',
    ...extra,
  ];
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** mimamori-notifier --once; resolves with { code, log }. */
async function runOnce(config, logName = 'once.log') {
  const logFile = path.join(WORK, logName);
  const start = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
  const child = startProcess(NOTIFIER, ['--config', config, '--once'], logName);
  const timer = setTimeout(() => child.kill('SIGKILL'), 60000);
  const { code, signal } = await child.exited;
  clearTimeout(timer);
  const log = fs.readFileSync(logFile, 'utf8').slice(start);
  return { code, signal, log };
}

// --- stored messages -------------------------------------------------------

/** Decodes the RFC 2047 encoded-words of an unfolded header value; each
 * word must decode to whole UTF-8 characters on its own. */
function decodeWords(value) {
  const joined = value.replace(/(\?=)[ \t]+(=\?)/g, '$1$2');
  return joined.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset, enc, text) => {
    assert.equal(charset.toUpperCase(), 'UTF-8');
    const bytes = enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  });
}

/** Parses a stored message: { raw, headers (lower-case name -> raw value,
 * folds kept), body (decoded) }. The sinks of this file store the bytes
 * received (CRLF); a Maildir written by another sink may use LF. */
function parseEml(raw) {
  const text = raw.toString('latin1');
  const nl = text.includes('\r\n\r\n') ? '\r\n' : '\n';
  const sep = text.indexOf(nl + nl);
  assert.ok(sep > 0, 'header/body separator');
  const headers = {};
  for (const field of text.slice(0, sep).split(new RegExp(`${nl}(?![ \t])`))) {
    const i = field.indexOf(':');
    const name = field.slice(0, i).toLowerCase();
    if (!(name in headers)) headers[name] = field.slice(i + 1).replace(/^ /, '').split(nl).join('\r\n');
  }
  let body = text.slice(sep + 2 * nl.length);
  if (/base64/i.test(headers['content-transfer-encoding'] || '')) {
    body = Buffer.from(body.replace(/\r?\n/g, ''), 'base64').toString('utf8');
  }
  return { raw: text, headers, body };
}

const emlCache = new Map();
/** Messages stored in dir: [{ file, to, subject, messageId, msg }]; dir
 * holds <time>-<seq>.eml files (tools/dev/smtp-sink.py) or is a Maildir. */
function mails(dir) {
  const out = [];
  const files = [];
  for (const name of fs.readdirSync(dir)) {
    if (name.endsWith('.eml')) files.push(path.join(dir, name));
    else if (name === 'new' || name === 'cur') {
      for (const m of fs.readdirSync(path.join(dir, name))) if (!m.startsWith('.')) files.push(path.join(dir, name, m));
    }
  }
  for (const file of files.sort()) {
    let e = emlCache.get(file);
    if (!e) {
      const msg = parseEml(fs.readFileSync(file));
      e = {
        file,
        msg,
        to: (msg.headers.to || '').replace(/\r\n[ \t]/g, ' ').trim(),
        subject: decodeWords((msg.headers.subject || '').replace(/\r\n([ \t])/g, '$1')),
        messageId: (msg.headers['message-id'] || '').trim(),
      };
      emlCache.set(file, e);
    }
    out.push(e);
  }
  return out;
}

function smsMessages(dir) {
  return fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort()
    .map((n) => ({ file: n, ...JSON.parse(fs.readFileSync(path.join(dir, n), 'utf8')) }));
}

/** A recipient address unique to this run. */
function uniqueAddr(tag) {
  return `${tag}-${process.pid}-${randomBytes(4).toString('hex')}@t.example`;
}

// --- set-up ---------------------------------------------------------------

before(async () => {
  assert.ok(DB_SOCKET, `Db.Socket missing in ${CONFIG}`);
  assert.ok(fs.existsSync(NOTIFIER), `${NOTIFIER} was not built`);
  const base = VAR_DIR && fs.existsSync(VAR_DIR) ? VAR_DIR : os.tmpdir();
  WORK = fs.mkdtempSync(path.join(base, 'notifier-test-'));
  CLOCK_FILE = path.join(WORK, 'clock');
  setClock(0);
  sql(STACK_DB, `CREATE DATABASE ${TEST_DB} CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci; `
    + `CREATE TABLE ${TEST_DB}.outbox LIKE ${STACK_DB}.outbox`);
  const token = randomBytes(24).toString('hex');
  fs.writeFileSync(path.join(WORK, 'sms-token'), `${token}\n`, { mode: 0o600 });
  const mailDir = path.join(WORK, 'mail');
  const slowDir = path.join(WORK, 'slow');
  const smsDir = path.join(WORK, 'sms');
  const [smtp, slow, sms] = await Promise.all([
    startSink('smtp-sink', 'smtp-sink.py', ['--dir', mailDir]),
    // a slow relay: MAIL FROM answered after 100 ms, so a delivery is in
    // progress most of the time when the notifier is killed
    startSink('slow-sink', 'smtp-sink.py', ['--dir', slowDir, '--delay-ms', '100']),
    startSink('sms-sink', 'sms-sink.py', ['--dir', smsDir, '--token-file', path.join(WORK, 'sms-token')]),
  ]);
  SINK = {
    mailDir, slowDir, smsDir, token, smtpPort: smtp.port, slowPort: slow.port, smsPort: sms.port,
  };
});

after(async () => {
  for (const c of [...children]) await stopChild(c);
  try {
    sql(STACK_DB, `DROP DATABASE IF EXISTS ${TEST_DB}`);
  } catch { /* the server may be gone already */ }
  if (!VAR_DIR && WORK) fs.rmSync(WORK, { recursive: true, force: true });
});

function freshOutbox() {
  sql(TEST_DB, 'DELETE FROM outbox');
  setClock(0);
}

// --- tests ----------------------------------------------------------------

test('mail: Japanese subject RFC 2047-encoded, base64 body, stable Message-ID', { timeout: 60000 }, async () => {
  freshOutbox();
  const to = uniqueAddr('ja');
  const body = '𠮷野家 太郎 様\n\nお申込みありがとうございます。\n'
    + `申請番号: AAP-XXXXXXXX\n${'長い行'.repeat(40)}\n髙橋 ①②③ "quotes" \\ end\n`;
  queue([{ recipient: to, subject: JA_SUBJECT, body }]);
  const run = await runOnce(writeConfig('ok'));
  assert.equal(run.code, 0, run.log);
  const [row] = rows(to);
  assert.equal(row.status, 'sent', run.log);
  assert.equal(row.attempts, 1);
  assert.ok(row.sent_at);
  assert.equal(row.claim, null);
  assert.equal(row.last_error, null);
  assert.match(run.log, new RegExp(`id=${row.id} channel=mail attempt=1 result=sent`));
  assert.ok(!run.log.includes(to), 'recipients are not logged');

  const got = mails(SINK.mailDir).filter((m) => m.to === to);
  assert.equal(got.length, 1);
  const { msg, subject, messageId } = got[0];
  // every line ends with CRLF and stays within 78 characters
  assert.ok(!/[^\r]\n/.test(msg.raw) && !/\r(?!\n)/.test(msg.raw), 'CRLF line endings only');
  for (const line of msg.raw.split('\r\n')) assert.ok(line.length <= 78, `line too long: ${line}`);
  const rawSubject = msg.headers.subject;
  assert.match(rawSubject, /^=\?UTF-8\?B\?/);
  for (const w of rawSubject.match(/=\?[^?]+\?B\?[^?]*\?=/g)) assert.ok(w.length <= 75, `encoded-word too long: ${w}`);
  assert.equal(subject, JA_SUBJECT);
  assert.equal(msg.body.replace(/\r\n/g, '\n'), body);
  assert.equal(msg.headers['content-type'], 'text/plain; charset=UTF-8');
  assert.equal(msg.headers['mime-version'], '1.0');
  assert.equal(msg.headers.from, FROM);
  assert.match(msg.headers.date, /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d \+0000$/);
  assert.ok(Math.abs(Date.parse(msg.headers.date) - Date.now()) < 120000, 'Date is the time the row was queued');
  assert.match(messageId, new RegExp(`^<outbox-${row.id}\\.[0-9a-f]{16}@mimamori\\.example>$`));
});

test('sms: JSON body with the bearer token; a refused token is retried later', { timeout: 60000 }, async () => {
  freshOutbox();
  const phone = `090${String(process.pid % 10000).padStart(4, '0')}${randomBytes(2).readUInt16BE(0) % 10000}`;
  const text = '認証コード: 123456\n"引用" \\ 𠮷 \t tab';
  queue([{ channel: 'sms', recipient: phone, body: text }]);
  // the gateway refuses a wrong token: the row waits for its retry
  const bad = await runOnce(writeConfig('badtoken', ['Sms.Token = wrong-token']));
  assert.equal(bad.code, 0, bad.log);
  let [row] = rows(phone);
  assert.equal(row.status, 'pending');
  assert.equal(row.attempts, 1);
  assert.match(row.last_error, /HTTP 401/);
  assert.ok(!row.last_error.includes('wrong-token'), 'no secrets in last_error');
  assert.ok(!bad.log.includes('wrong-token') && !bad.log.includes('123456'), 'no token or code in the log');
  assert.equal(smsMessages(SINK.smsDir).filter((m) => m.to === phone).length, 0);

  setClock(31);
  const ok = await runOnce(writeConfig('ok'));
  assert.equal(ok.code, 0, ok.log);
  [row] = rows(phone);
  assert.equal(row.status, 'sent', ok.log);
  assert.equal(row.attempts, 2);
  const got = smsMessages(SINK.smsDir).filter((m) => m.to === phone);
  assert.equal(got.length, 1);
  assert.equal(got[0].text, text);
  assert.ok(!ok.log.includes('123456'), 'message bodies are not logged');
});

test('relay down: back to pending with backoff, failed after MaxAttempts', { timeout: 60000 }, async () => {
  freshOutbox();
  // a port nobody listens on
  const closed = await new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
  const down = writeConfig('down', [`Mail.Smtp.Url = smtp://127.0.0.1:${closed}`,
    'Mail.Smtp.User = someone', 'Mail.Smtp.Password = s3cret-pw']);
  const to = uniqueAddr('retry');
  const doomed = uniqueAddr('doomed');
  queue([{ recipient: to, subject: 'retry', body: 'b' }]);

  const t0 = Date.now();
  const r1 = await runOnce(down);
  assert.equal(r1.code, 0, r1.log);
  let [row] = rows(to);
  assert.equal(row.status, 'pending');
  assert.equal(row.attempts, 1);
  assert.equal(row.claim, null);
  assert.equal(row.lease_until, null);
  assert.ok(row.last_error && row.last_error.length > 0);
  assert.ok(!row.last_error.includes('s3cret-pw'), 'no password in last_error');
  assert.ok(!r1.log.includes('s3cret-pw') && !r1.log.includes(to), 'no password or recipient in the log');
  const delay = (parseDbTime(row.next_attempt_at) - t0) / 1000;
  assert.ok(delay >= 28 && delay <= 40, `first retry after ~30 s, got ${delay}`);
  assert.match(r1.log, new RegExp(`id=${row.id} channel=mail attempt=1 result=retry in=30s`));

  // not due yet: a second pass leaves it alone
  await runOnce(down);
  [row] = rows(to);
  assert.equal(row.attempts, 1);

  // second failure: the delay doubles
  setClock(31);
  await runOnce(down);
  [row] = rows(to);
  assert.equal(row.status, 'pending');
  assert.equal(row.attempts, 2);
  const delay2 = (parseDbTime(row.next_attempt_at) - t0) / 1000 - 31;
  assert.ok(delay2 >= 58 && delay2 <= 70, `second retry after ~60 s, got ${delay2}`);

  // the relay is back: delivered on the next due pass, once
  setClock(31 + 61);
  const r3 = await runOnce(writeConfig('ok'));
  [row] = rows(to);
  assert.equal(row.status, 'sent', r3.log);
  assert.equal(row.attempts, 3);
  assert.equal(row.last_error, null);
  assert.equal(mails(SINK.mailDir).filter((m) => m.to === to).length, 1);

  // MaxAttempts = 2: the second failure is final
  freshOutbox();
  queue([{ recipient: doomed, subject: 'doomed', body: 'b' }]);
  const max2 = writeConfig('max2', [`Mail.Smtp.Url = smtp://127.0.0.1:${closed}`, 'Notifier.MaxAttempts = 2']);
  await runOnce(max2);
  setClock(31);
  const r4 = await runOnce(max2);
  [row] = rows(doomed);
  assert.equal(row.status, 'failed', r4.log);
  assert.equal(row.attempts, 2);
  assert.match(r4.log, /result=failed/);
  setClock(100000);
  await runOnce(max2);
  assert.equal(rows(doomed)[0].attempts, 2, 'a failed row is never tried again');
});

test('malformed recipients fail at once, webhook rows not naming a linkage too', { timeout: 60000 }, async () => {
  freshOutbox();
  const tag = randomBytes(3).toString('hex');
  queue([
    { recipient: `bad address ${tag}`, subject: 's', body: 'b' },
    { recipient: `x${tag}@t.example>\r\nRCPT TO:<y@t.example`, subject: 's', body: 'b' },
    { recipient: `ok-${tag}@t.example`, subject: 'line\r\nBcc: evil@t.example', body: 'b' },
    { channel: 'sms', recipient: `not a phone ${tag}`, body: 'b' },
    { channel: 'webhook', recipient: `https://hooks.example/${tag}`, body: '{}' },
  ]);
  const run = await runOnce(writeConfig('ok'));
  assert.equal(run.code, 0, run.log);
  const all = rows(`%${tag}%`);
  assert.equal(all.length, 5);
  // a webhook row names a chat linkage ("chat:ID"), never a URL
  for (const r of all) {
    assert.equal(r.status, 'failed', `${r.recipient}: ${run.log}`);
    assert.equal(r.attempts, 1);
  }
  assert.ok(!mails(SINK.mailDir).some((m) => m.msg.raw.includes('evil@t.example')), 'no injected header');
});

test('several notifiers at once deliver every row exactly once', { timeout: 90000 }, async (t) => {
  freshOutbox();
  const tag = `par-${randomBytes(3).toString('hex')}`;
  const N = 90;
  queue(Array.from({ length: N }, (_, i) => ({ recipient: `${tag}-${i}@t.example`, subject: `${tag} ${i}`, body: `${i}` })));
  const config = writeConfig('par', ['Notifier.Batch = 5']);
  const runs = await Promise.all([1, 2, 3].map((i) => runOnce(config, `par${i}.log`)));
  for (const r of runs) assert.equal(r.code, 0, r.log);
  const sentBy = runs.map((r) => (r.log.match(/result=sent/g) || []).length);
  assert.equal(sentBy.reduce((a, b) => a + b, 0), N);
  const got = mails(SINK.mailDir).filter((m) => m.to.startsWith(`${tag}-`));
  const counts = new Map();
  for (const m of got) counts.set(m.to, (counts.get(m.to) || 0) + 1);
  assert.equal(counts.size, N);
  assert.ok([...counts.values()].every((c) => c === 1), 'no message delivered twice');
  assert.ok(rows(`${tag}-%`).every((r) => r.status === 'sent' && r.attempts === 1));
  t.diagnostic(`deliveries per notifier: ${sentBy.join(', ')}`);
});

test('kill -9 mid-batch: nothing lost, retried after the lease, no duplicate', { timeout: 120000 }, async (t) => {
  freshOutbox();
  const tag = `k9-${randomBytes(3).toString('hex')}`;
  const N = 30;
  queue(Array.from({ length: N }, (_, i) => ({ recipient: `${tag}-${i}@t.example`, subject: `${tag} ${i}`, body: `message ${i}` })));
  const slow = writeConfig('slow', [`Mail.Smtp.Url = smtp://127.0.0.1:${SINK.slowPort}`]);
  const delivered = () => mails(SINK.slowDir).filter((m) => m.to.startsWith(`${tag}-`));

  const pidfile = path.join(WORK, 'k9.pid');
  const daemon = startProcess(NOTIFIER, ['--config', slow, '--pidfile', pidfile], 'k9.log');
  await waitFor('the first deliveries', () => delivered().length >= 3);
  daemon.kill('SIGKILL');
  const { signal } = await daemon.exited;
  assert.equal(signal, 'SIGKILL');
  let state = rows(`${tag}-%`);
  const sending = state.filter((r) => r.status === 'sending').length;
  const sentBefore = state.filter((r) => r.status === 'sent').length;
  assert.ok(sending > 0, 'the kill left claimed rows in sending');
  assert.ok(sentBefore < N);

  // within the lease a new notifier leaves the claimed rows alone …
  const r1 = await runOnce(slow, 'k9-once.log');
  assert.equal(r1.code, 0, r1.log);
  state = rows(`${tag}-%`);
  assert.equal(state.filter((r) => r.status === 'sending').length, sending);
  // … and takes them once the lease (60 s) is over
  setClock(61);
  const r2 = await runOnce(slow, 'k9-once.log');
  assert.equal(r2.code, 0, r2.log);
  state = rows(`${tag}-%`);
  assert.ok(state.every((r) => r.status === 'sent'), JSON.stringify(state.filter((r) => r.status !== 'sent')));

  // every message arrived; a duplicate is only possible when the kill hit
  // between the relay's 250 and the UPDATE recording it: at most one, with
  // the same Message-ID as the first copy
  const byTo = new Map();
  for (const m of delivered()) {
    if (!byTo.has(m.to)) byTo.set(m.to, []);
    byTo.get(m.to).push(m);
  }
  assert.equal(byTo.size, N, 'every message delivered');
  const dups = [...byTo.values()].filter((l) => l.length > 1);
  assert.ok(dups.length <= 1, `duplicates: ${dups.length}`);
  for (const l of dups) {
    assert.equal(l.length, 2);
    assert.equal(l[0].messageId, l[1].messageId, 'a retry carries the same Message-ID');
  }
  for (const [to, l] of byTo) {
    const i = Number(to.slice(tag.length + 1).split('@')[0]);
    assert.equal(l[0].subject, `${tag} ${i}`);
  }
  t.diagnostic(`killed after ${sentBefore} sent, ${sending} in sending; duplicates: ${dups.length}`);
});

test('SIGTERM finishes the current message, gives the rest back, exits 0', { timeout: 60000 }, async () => {
  freshOutbox();
  const tag = `term-${randomBytes(3).toString('hex')}`;
  const N = 15;
  queue(Array.from({ length: N }, (_, i) => ({ recipient: `${tag}-${i}@t.example`, subject: `${tag} ${i}`, body: 'b' })));
  const slow = writeConfig('slow', [`Mail.Smtp.Url = smtp://127.0.0.1:${SINK.slowPort}`]);
  const pidfile = path.join(WORK, 'term.pid');
  const daemon = startProcess(NOTIFIER, ['--config', slow, '--pidfile', pidfile], 'term.log');
  await waitFor('pid file', () => fs.existsSync(pidfile));
  assert.equal(Number(fs.readFileSync(pidfile, 'utf8').trim()), daemon.pid);
  await waitFor('the first delivery', () => mails(SINK.slowDir).some((m) => m.to.startsWith(`${tag}-`)));
  daemon.kill('SIGTERM');
  const { code } = await daemon.exited;
  assert.equal(code, 0);
  assert.ok(!fs.existsSync(pidfile), 'pid file removed');
  const state = rows(`${tag}-%`);
  assert.equal(state.filter((r) => r.status === 'sending').length, 0, 'no row left claimed');
  const sent = state.filter((r) => r.status === 'sent');
  assert.ok(sent.length >= 1 && sent.length < N);
  assert.ok(state.filter((r) => r.status === 'pending').every((r) => r.attempts === 0), 'untried rows keep their attempts');
  assert.equal(mails(SINK.slowDir).filter((m) => m.to.startsWith(`${tag}-`)).length, sent.length,
    'every message the relay got is recorded as sent');
});

test("the stack's notifier delivers the stack's outbox to its sink", { timeout: 60000 }, async (t) => {
  const pidFile = VAR_DIR && path.join(VAR_DIR, 'run', 'notifier.pid');
  const pid = pidFile && fs.existsSync(pidFile) && Number(fs.readFileSync(pidFile, 'utf8').trim());
  let alive = false;
  try { alive = Boolean(pid) && process.kill(pid, 0); } catch { alive = false; }
  if (!alive || !CFG.get('Mail.Smtp.Url')) {
    t.skip('the stack runs no notifier (no live run/notifier.pid) or has no Mail.Smtp.Url');
    return;
  }
  const to = uniqueAddr('stack');
  queue([{ recipient: to, subject: JA_SUBJECT, body: 'stack delivery' }], STACK_DB);
  const mailDir = path.join(VAR_DIR, 'mail');
  const got = await waitFor('the message in the stack sink', () => fs.existsSync(mailDir)
    && mails(mailDir).find((m) => m.to === to), 30000);
  assert.equal(got.subject, JA_SUBJECT);
  await waitFor('the row recorded as sent', () => rows(to, STACK_DB)[0]?.status === 'sent', 10000);
});
