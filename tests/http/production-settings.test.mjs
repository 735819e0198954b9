// Settings a production installation uses and the test stack does not:
// no test clock header, no plain-HTTP cookie mode, STARTTLS required, SMS
// only over HTTPS, the nginx site sample, migrations and demo data run again.
// Each runs on private instances (own program, own notifier, own throwaway
// MariaDB) so the shared stack keeps its own settings.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTemp, rmTemp, startProgram, fcgiRequest, BUILD_DIR } from '../lib/fcgi.mjs';
import { ADMIN, CONFIG, loggedIn, parseSetCookie } from '../lib/http.mjs';
import { startMariadb, createAppDatabase, configWith, makeCertificates, SQL_DIR } from '../lib/mariadb.mjs';

const NOTIFIER = path.join(BUILD_DIR, 'mimamori-notifier');
const ROOT = process.cwd();
const dir = makeTemp('mm-prod-');
let db;
let password;

test.before(async () => {
  db = await startMariadb(dir);
  password = createAppDatabase(db, dir);
});

test.after(async () => {
  if (db) await db.stop();
  rmTemp(dir);
});

let configs = 0;
function stackConfig(keys) {
  configs += 1;
  return configWith(dir, `s${configs}.hdf`, keys);
}
function privateDbConfig(keys) {
  return stackConfig({ 'Db.Socket': db.socket, 'Db.Host': '', 'Db.Password': password, ...keys });
}

async function withProgram(name, config, fn) {
  const prog = await startProgram(name, { config, dir });
  try {
    await fn(prog);
  } finally {
    await prog.stop('SIGTERM');
  }
}

/** The value of a key in the stack's configuration (last assignment wins). */
function stackValue(key) {
  const m = [...fs.readFileSync(CONFIG, 'utf8').matchAll(new RegExp(`^\\s*${key.replace('.', '\\.')}\\s*=\\s*(.*)$`, 'gm'))];
  return m.length ? m[m.length - 1][1].trim() : null;
}

test('Clock.TestHeader = 0: X-Test-Clock-Offset is ignored', async () => {
  // the shared stack logs in; private dashboards (same database) are asked
  const { client } = await loggedIn();
  const cookie = `mm_session=${client.jar.get('mm_session')}`;
  const twoHours = { DOCUMENT_URI: '/', HTTP_COOKIE: cookie, HTTP_X_TEST_CLOCK_OFFSET: '7200' };
  await withProgram('dashboard', stackConfig({ 'Clock.TestHeader': 0 }), async (prog) => {
    const res = fcgiRequest(prog.socket, twoHours);
    assert.equal(res.status, 200, 'two hours later by the header, yet the session is still fresh');
  });
  // the same request where the header counts: the session has expired
  await withProgram('dashboard', stackConfig({ 'Clock.TestHeader': 1 }), async (prog) => {
    const res = fcgiRequest(prog.socket, twoHours);
    assert.equal(res.status, 303);
    assert.match(res.header('location') || '', /^\/auth\/login/);
  });
});

test('Site.PlainHttpDev = 0: cookies are __Host- and Secure even over plain HTTP', async () => {
  await withProgram('auth', stackConfig({ 'Site.PlainHttpDev': 0 }), async (prog) => {
    const res = fcgiRequest(prog.socket, { DOCUMENT_URI: '/auth/login' });
    assert.equal(res.status, 200);
    const cookies = res.all('set-cookie').map(parseSetCookie);
    assert.ok(cookies.length >= 1, 'the login form sets its CSRF cookie');
    for (const c of cookies) {
      assert.match(c.name, /^__Host-/, c.raw);
      assert.equal(c.attrs.get('secure'), true, c.raw);
      assert.equal(c.attrs.get('path'), '/', c.raw);
      assert.equal(c.attrs.has('domain'), false, c.raw);
    }
    // a cookie without the prefix is not taken for the session cookie
    const plain = fcgiRequest(prog.socket, { DOCUMENT_URI: '/auth/login', HTTP_COOKIE: `mm_pre=${'A'.repeat(43)}` });
    assert.match(plain.all('set-cookie').join('\n'), /__Host-mm_pre=/, 'a fresh prefixed cookie is set');
  });
  // the development mode drops them only for plain HTTP
  await withProgram('auth', stackConfig({ 'Site.PlainHttpDev': 1 }), async (prog) => {
    const plain = fcgiRequest(prog.socket, { DOCUMENT_URI: '/auth/login' }).all('set-cookie').map(parseSetCookie);
    assert.ok(plain.every((c) => !c.name.startsWith('__Host-') && !c.attrs.has('secure')));
    const tls = fcgiRequest(prog.socket, { DOCUMENT_URI: '/auth/login', HTTPS: 'on' }).all('set-cookie').map(parseSetCookie);
    assert.ok(tls.length && tls.every((c) => c.name.startsWith('__Host-') && c.attrs.get('secure') === true));
  });
});

/** One due mail row in the private outbox; returns its id. */
function queueMail(subject) {
  db.sql(`INSERT INTO mimamori.outbox (channel, recipient, subject, body, created_at, next_attempt_at)
    VALUES ('mail', 'prod-test@t.example', '${subject}', 'Body of ${subject}', UTC_TIMESTAMP(), UTC_TIMESTAMP())`);
  return Number(db.sql(`SELECT id FROM mimamori.outbox WHERE subject = '${subject}'`).trim());
}

function outboxRow(id) {
  const [status, attempts, error] = db.sql(`SELECT status, attempts, IFNULL(last_error, '') FROM mimamori.outbox
    WHERE id = ${id}`).trim().split('\t');
  return { status, attempts: Number(attempts), error };
}

function sinkHas(subject) {
  const mailDir = process.env.MM_MAIL_DIR;
  return fs.readdirSync(mailDir).some((f) => f.endsWith('.eml')
    && fs.readFileSync(path.join(mailDir, f), 'latin1').includes(subject));
}

test('Mail.Smtp.StartTls = require: no mail to a relay without STARTTLS', { timeout: 60000 }, async () => {
  const sink = stackValue('Mail.Smtp.Url');
  assert.match(sink || '', /^smtp:\/\/127\.0\.0\.1:\d+$/, 'the stack runs its local SMTP sink');
  const subjectRequired = `prod-require-${Date.now().toString(36)}`;
  const id = queueMail(subjectRequired);
  const once = (tls) => spawnSync(NOTIFIER, ['--config', privateDbConfig({
    'Mail.Smtp.Url': sink, 'Mail.Smtp.StartTls': tls, 'Sms.Url': '', 'Notifier.ConnectTimeoutSeconds': 5,
  }), '--once'], { encoding: 'utf8', timeout: 45000 });
  const r = once('require');
  assert.equal(r.error, undefined);
  const row = outboxRow(id);
  assert.equal(row.status, 'pending', `not delivered, kept for later: ${JSON.stringify(row)}\n${r.stderr}`);
  assert.equal(row.attempts, 1);
  assert.match(row.error, /STARTTLS|SSL|TLS/i, 'the reason is recorded');
  assert.equal(sinkHas(subjectRequired), false, 'nothing reached the relay');
  // the same relay takes the mail when plain SMTP is allowed: the refusal
  // above was the setting's doing
  const subjectOff = `prod-off-${Date.now().toString(36)}`;
  const id2 = queueMail(subjectOff);
  const r2 = once('off');
  assert.equal(outboxRow(id2).status, 'sent', r2.stderr);
  assert.equal(sinkHas(subjectOff), true);
});

test('Sms.Url over plain http is refused unless Sms.AllowPlainHttp = 1', () => {
  const url = 'http://127.0.0.1:9/sms';
  const run = (extra) => spawnSync(NOTIFIER, ['--config', privateDbConfig({
    'Mail.Smtp.Url': '', 'Sms.Url': url, 'Sms.Token': 'abc123', ...extra,
  }), '--once'], { encoding: 'utf8', timeout: 30000 });
  // (the stack's own configuration allows it for its local sink)
  for (const extra of [{ 'Sms.AllowPlainHttp': 0 }, { 'Sms.AllowPlainHttp': '' }, { 'Sms.AllowPlainHttp': 'yes' }]) {
    const r = run(extra);
    assert.notEqual(r.status, 0, `refused with ${JSON.stringify(extra)}`);
    assert.match(r.stderr, /Sms\.Url must be an https:\/\/ URL/);
  }
  const ok = run({ 'Sms.AllowPlainHttp': 1 });
  assert.equal(ok.status, 0, `accepted for a local sink: ${ok.stderr}`);
});

test('nginx -t accepts nginx/mimamori.conf.sample', () => {
  const ngx = path.join(dir, 'nginx');
  fs.mkdirSync(ngx, { recursive: true });
  const { ca, caKey } = makeCertificates(ngx, 'site');
  const site = fs.readFileSync(path.join(ROOT, 'nginx/mimamori.conf.sample'), 'utf8')
    .replaceAll('/etc/ssl/mimamori/fullchain.pem', ca)
    .replaceAll('/etc/ssl/mimamori/privkey.pem', caKey)
    // the upload body and attachment store directories of an installation
    .replaceAll('/var/lib/mimamori/', `${path.join(ngx, 'lib')}/`);
  fs.mkdirSync(path.join(ngx, 'lib', 'attachments'), { recursive: true });
  fs.writeFileSync(path.join(ngx, 'site.conf'), site);
  const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((t) => `  ${t}_temp_path ${path.join(ngx, t)};`).join('\n');
  fs.writeFileSync(path.join(ngx, 'nginx.conf'), `pid ${path.join(ngx, 'nginx.pid')};
error_log ${path.join(ngx, 'error.log')};
events {}
http {
  access_log ${path.join(ngx, 'access.log')};
${temps}
  include ${path.join(ngx, 'site.conf')};
}
`);
  const r = spawnSync('nginx', ['-t', '-p', ngx, '-c', path.join(ngx, 'nginx.conf'), '-e', path.join(ngx, 'error.log')],
    { encoding: 'utf8', timeout: 30000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /syntax is ok/);
  assert.match(r.stderr, /test is successful/);
});

function dump() {
  return execFileSync('mariadb-dump', ['--no-defaults', `--socket=${db.socket}`, '-uroot', '--skip-dump-date',
    '--skip-comments', '--skip-extended-insert', '--order-by-primary', 'mimamori'], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

test('mimamori-admin migrate and demo a second time change nothing', () => {
  const cfg = privateDbConfig({});
  const admin = (...args) => execFileSync(ADMIN, ['--config', cfg, ...args], { encoding: 'utf8', stdio: 'pipe' });
  admin('migrate', '--dir', SQL_DIR);	// the schema is there already (createAppDatabase)
  const migrated = dump();
  admin('migrate', '--dir', SQL_DIR);
  assert.equal(dump(), migrated, 'a second migrate changes nothing');
  const first = admin('demo');
  const demo = dump();
  assert.notEqual(demo, migrated, 'demo loads data');
  const second = admin('demo');
  assert.equal(dump(), demo, 'a second demo changes nothing');
  assert.equal(second, first, 'and prints the same logins');
});
