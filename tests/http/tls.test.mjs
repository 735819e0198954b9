// The production site over TLS: a private nginx serving
// nginx/mimamori.conf.sample (made local by tools/nginx-local-site, as
// `./mimamori up --tls` does) in front of private auth and dashboard
// instances configured like an installation (https BaseURL, no plain-HTTP
// cookie mode). Checks the certificate chain, the protocol settings, the
// headers and cookies, the http → https redirect and a login with the
// e-mail 2-step code. The generated site must keep every TLS, header and
// cookie line of the sample.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Client, createUser, chooseMfa, csrfOf } from '../lib/http.mjs';
import { makeTemp, rmTemp, startProgram } from '../lib/fcgi.mjs';
import { configWith, makeCertificates, makeServerCertificate } from '../lib/mariadb.mjs';
import { waitForMail, codeIn, SUBJECTS } from '../lib/mail.mjs';
import { SAMPLE, startSite, httpsRequest, httpRequest, TlsClient, securityLines } from '../lib/tls-site.mjs';

const ROOT = process.cwd();
const dir = makeTemp('mm-tls-');
let site;
let certs;
const programs = [];

/** The value of the sample's add_header NAME (server level: the first one). */
function sampleHeader(name) {
  const m = new RegExp(`^\\s*add_header ${name} "([^"]*)"`, 'm').exec(fs.readFileSync(SAMPLE, 'utf8'));
  assert.ok(m, `the sample sets ${name}`);
  return m[1];
}

test.before(async () => {
  const ca = makeCertificates(dir, 'ca');
  certs = makeServerCertificate(dir, ca);
  const run = path.join(dir, 'run');
  fs.mkdirSync(run);
  // the port is known only once nginx runs; BaseURL only goes into mails
  const config = configWith(dir, 'tls.hdf', { 'Site.PlainHttpDev': 0, 'Site.BaseURL': 'https://127.0.0.1' });
  for (const name of ['auth', 'dashboard']) programs.push(await startProgram(name, { config, dir: run }));
  site = await startSite({ dir, run, www: path.join(ROOT, 'www'), cert: certs.cert, key: certs.key });
});

test.after(async () => {
  if (site) await site.stop();
  for (const p of programs) {
    const r = await p.stop('SIGTERM');
    assert.deepEqual(r, { code: 0, signal: null }, p.log());
  }
  rmTemp(dir);
});

test('the local site keeps every TLS, header and cookie line of the sample', () => {
  const text = fs.readFileSync(SAMPLE, 'utf8');
  // the one part left out on loopback: the catch-all server (no SNI for an
  // address), which only refuses handshakes
  const catchAll = /^# --- catch-all[\s\S]*?^}$/m.exec(text);
  assert.ok(catchAll, 'the sample has its catch-all server');
  assert.deepEqual(securityLines(catchAll[0]), ['ssl_reject_handshake on;']);
  const sample = securityLines(text.replace(catchAll[0], ''));
  const local = securityLines(fs.readFileSync(site.conf, 'utf8'));
  assert.ok(sample.length > 15, `the sample's lines were found (${sample.length})`);
  assert.ok(sample.includes('ssl_protocols TLSv1.2 TLSv1.3;'));
  assert.deepEqual(local, sample);
});

test('https works with the CA, and only with it', async () => {
  const res = await httpsRequest(site.port, certs.ca, 'GET', '/auth/login');
  assert.equal(res.status, 200);
  assert.match(res.tls.protocol, /^TLSv1\.[23]$/);
  await assert.rejects(httpsRequest(site.port, null, 'GET', '/auth/login'),
    /self[- ]signed|unable to (get|verify)|UNABLE_TO|certificate/i, 'an untrusted chain is refused');
});

test('TLS 1.2 gets a suite of the sample; TLS 1.1 is refused', async () => {
  const allowed = /^\s*ssl_ciphers (\S+);/m.exec(fs.readFileSync(SAMPLE, 'utf8'))[1].split(':');
  const v12 = await httpsRequest(site.port, certs.ca, 'GET', '/healthz', { tls: { maxVersion: 'TLSv1.2' } });
  assert.equal(v12.tls.protocol, 'TLSv1.2');
  assert.ok(allowed.includes(v12.tls.cipher.name), `${v12.tls.cipher.name} is one of the sample's`);
  await assert.rejects(httpsRequest(site.port, certs.ca, 'GET', '/healthz',
    { tls: { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' } }));
});

test('headers: HSTS once, as in the sample; the programs\' security headers', async () => {
  const hsts = sampleHeader('Strict-Transport-Security');
  for (const uri of ['/auth/login', '/healthz', '/static/css/mimamori.css', '/no-such-page']) {
    const res = await httpsRequest(site.port, certs.ca, 'GET', uri);
    assert.ok(res.status < 500, `${uri}: ${res.status}`);
    const names = res.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
    assert.equal(names.filter((n) => n === 'strict-transport-security').length, 1, `${uri}: one HSTS header`);
    assert.equal(res.headers['strict-transport-security'], hsts, uri);
    assert.equal(res.headers['x-content-type-options'], 'nosniff', uri);
  }
  const page = await httpsRequest(site.port, certs.ca, 'GET', '/auth/login');
  assert.match(page.headers['content-security-policy'] || '', /frame-ancestors 'none'/);
  assert.equal(page.headers['x-frame-options'], 'DENY');
  assert.equal(page.headers.server, 'nginx', 'server_tokens off: no version');
});

test('the password reset form is served at /auth/reset (GET and POST), not redirected to the link page', async () => {
  const form = await httpsRequest(site.port, certs.ca, 'GET', '/auth/reset');
  assert.equal(form.status, 200, `GET /auth/reset: ${form.status} ${form.headers.location || ''}`);
  assert.match(form.body, /<form method="post" action="\/auth\/reset"/);
  assert.doesNotMatch(form.body, /id="reset-invalid"/, 'not the page of an invalid link');
  const c = new TlsClient(site.port, certs.ca);
  const page = await c.get('/auth/reset');
  assert.equal(page.status, 200);
  const sent = await c.post('/auth/reset', { csrf: csrfOf(page.body), user_id: 'nobody-here', email: 'nobody@example.com' });
  assert.notEqual(sent.status, 301, 'the POST reaches the program');
  assert.ok(sent.status < 400, `POST /auth/reset: ${sent.status} ${sent.body.slice(0, 200)}`);
});

test('plain HTTP is redirected to https', async () => {
  const res = await httpRequest(site.httpPort, '/auth/login?next=%2F');
  assert.equal(res.status, 301);
  assert.equal(res.headers.location, `https://127.0.0.1:${site.port}/auth/login?next=%2F`);
});

test('login with the e-mail 2-step code over TLS; every cookie __Host-, Secure, HttpOnly', { timeout: 60000 }, async () => {
  // the user chooses e-mail codes on the shared stack (same database)
  const user = createUser();
  const setup = new Client();
  await setup.loginOk(user);
  assert.equal((await chooseMfa(setup, 'email')).status, 303);

  const c = new TlsClient(site.port, certs.ca);
  const form = await c.get('/auth/login');
  assert.equal(form.status, 200);
  const login = await c.post('/auth/login', { csrf: csrfOf(form.body), user_id: user.login, password: user.password });
  assert.equal(login.status, 303, login.body.slice(0, 300));
  assert.equal(login.headers.location, '/auth/mfa');
  const mfa = await c.get('/auth/mfa');
  assert.equal(mfa.status, 200);
  const mail = await waitForMail(user.login, { subject: SUBJECTS.code, count: 1 });
  const done = await c.post('/auth/mfa', { csrf: csrfOf(mfa.body), code: codeIn(mail.body) });
  assert.equal(done.status, 303, done.body.slice(0, 300));
  const home = await c.get(done.headers.location);
  assert.equal(home.status, 200, `${done.headers.location}: ${home.body.slice(0, 300)}`);
  assert.match(home.body, /<html lang="(ja|en)">/);
  assert.ok(c.jar.has('__Host-mm_session'), `session cookie: ${[...c.jar.keys()]}`);

  assert.ok(c.cookies.length >= 2);
  for (const line of c.cookies) {
    const [pair, ...attrs] = line.split(';').map((s) => s.trim());
    const a = attrs.map((s) => s.toLowerCase());
    assert.match(pair, /^__Host-/, line);
    assert.ok(a.includes('secure'), `Secure: ${line}`);
    assert.ok(a.includes('path=/'), `Path=/: ${line}`);
    assert.ok(a.includes('httponly'), `HttpOnly: ${line}`);
    assert.ok(a.some((x) => /^samesite=(lax|strict)$/.test(x)), `SameSite: ${line}`);
    assert.ok(!a.some((x) => x.startsWith('domain=')), `no Domain: ${line}`);
  }
});

// Last in this file: the flood leaves /auth/ limited for this address for a
// moment. The attack scans run without these lines (tools/security/check.sh),
// so this is where the sample's per-address limits are held to their word.
test('the sample\'s per-address limits: a flood of /auth/ and /signup/ is answered 429, other paths are not limited', async () => {
  const flood = (uri, n) => Promise.all(Array.from({ length: n }, () => httpsRequest(site.port, certs.ca, 'GET', uri)));
  // 10 a second with a burst of 20 (/auth/), 5 with 10 (/signup/): 100
  // sent at once overrun both unless the handshakes alone take 8 seconds
  for (const uri of ['/auth/login', '/auth/reset', '/signup/']) {
    const answers = await flood(uri, 100);
    const limited = answers.filter((r) => r.status === 429).length;
    assert.ok(limited > 0, `${uri}: ${limited} of 100 answered 429`);
    assert.ok(answers.some((r) => r.status !== 429), `${uri}: the first ones passed`);
  }
  const others = await flood('/healthz', 100);
  assert.deepEqual([...new Set(others.map((r) => r.status))], [200], '/healthz is not limited');
});
