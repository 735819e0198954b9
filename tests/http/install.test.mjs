// The installation path of docs/deploy.md, end to end on this machine:
// `make install DESTDIR=…` of the build, then only what was installed is
// used: the installed programs (not the build dir's) against a fresh
// database on a private mariadbd, migrated with the installed
// mimamori-admin, a first staff admin made with it, and a login over TLS
// through a private nginx serving the installed site sample (paths made
// local by tools/nginx-local-site). The installed systemd units pass
// `systemd-analyze verify` where systemd-analyze exists.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ADMIN, csrfOf } from '../lib/http.mjs';
import { makeTemp, rmTemp } from '../lib/fcgi.mjs';
import { startMariadb, makeCertificates, makeServerCertificate, waitFor } from '../lib/mariadb.mjs';
import { startSite, TlsClient, httpsRequest } from '../lib/tls-site.mjs';

const BUILD = path.dirname(ADMIN);
const dir = makeTemp('mm-install-');
const DEST = path.join(dir, 'root');
const PREFIX = '/usr/local';
const at = (p) => path.join(DEST, p);
const BIN = at(`${PREFIX}/bin`);
const SHARE = at(`${PREFIX}/share/mimamori`);
const UNITS = at(`${PREFIX}/lib/systemd/system`);
const PROGRAMS = ['auth', 'dashboard', 'account', 'signup', 'cases', 'knowledge', 'history', 'points', 'ingest'];
const PASSWORD = 'Kx7#mPq2!vLz9w';

let installed;
let db;
let site;
const procs = [];

test.before(() => {
  // the build's own prefix and sysconfdir are the defaults (/usr/local)
  installed = spawnSync('make', ['-C', BUILD, '-s', 'install', `DESTDIR=${DEST}`],
    { encoding: 'utf8', timeout: 600000, maxBuffer: 64 << 20 });
});

test.after(async () => {
  if (site) await site.stop();
  for (const p of procs) {
    if (p.exitCode === null && p.signalCode === null) {
      p.kill('SIGTERM');
      await new Promise((r) => p.on('exit', r));
    }
  }
  if (db) await db.stop();
  rmTemp(dir);
});

test('make install DESTDIR puts every part in place', () => {
  assert.equal(installed.status, 0, `${installed.stdout}\n${installed.stderr}`);
  for (const name of [...PROGRAMS, 'admin', 'notifier', 'scheduler']) {
    const f = path.join(BIN, `mimamori-${name}`);
    assert.ok(fs.existsSync(f), `${f} installed`);
    fs.accessSync(f, fs.constants.X_OK);
  }
  for (const rel of ['templates/layout_head.cs', 'templates/lang/ja.hdf', 'sql/001_core.sql',
    'www/static/503.html', 'www/static/css/mimamori.css', 'nginx/mimamori.conf.sample']) {
    assert.ok(fs.existsSync(path.join(SHARE, rel)), `${rel} installed`);
  }
  for (const rel of [`${PREFIX}/lib/sysusers.d/mimamori.conf`, `${PREFIX}/lib/tmpfiles.d/mimamori.conf`,
    `${PREFIX}/etc/logrotate.d/mimamori`, `${PREFIX}/etc/mimamori/mimamori.hdf.sample`]) {
    assert.ok(fs.existsSync(at(rel)), `${rel} installed`);
  }
  const conf = fs.readFileSync(at(`${PREFIX}/etc/mimamori/mimamori.hdf.sample`), 'utf8');
  assert.match(conf, /^\s*PlainHttpDev = 0$/m, 'production cookies');
  assert.match(conf, /^\s*TestHeader = 0$/m, 'no test clock');
  assert.match(conf, new RegExp(`^\\s*Templates = ${PREFIX}/share/mimamori/templates$`, 'm'));
  // the data directories of the units, the tmpfiles snippet and the site sample
  assert.match(conf, /^\s*UploadTmp = \/var\/lib\/mimamori\/upload-tmp$/m);
  assert.match(conf, /^\s*Attachments = \/var\/lib\/mimamori\/attachments$/m);
  assert.doesNotMatch(conf.replace(/^\s*#.*$/gm, ''), /@[A-Z_]+@/, 'no placeholder left');
  assert.match(fs.readFileSync(at(`${PREFIX}/lib/sysusers.d/mimamori.conf`), 'utf8'), /^u mimamori /m);
  const tmpfiles = fs.readFileSync(at(`${PREFIX}/lib/tmpfiles.d/mimamori.conf`), 'utf8');
  for (const d of ['/var/lib/mimamori/attachments', '/var/lib/mimamori/upload-tmp', '/var/log/mimamori']) {
    assert.match(tmpfiles, new RegExp(`^d\\s+${d}\\s`, 'm'), d);
  }
  // every program through the template unit; daemons and timers; sandboxed
  const units = fs.readdirSync(UNITS);
  for (const u of ['mimamori@.service', 'mimamori.target', 'mimamori-notifier.service', 'mimamori-scheduler.service',
    'mimamori-purge.service', 'mimamori-purge.timer', 'mimamori-points-rollover.service', 'mimamori-points-rollover.timer']) {
    assert.ok(units.includes(u), `${u} installed`);
  }
  const target = fs.readFileSync(path.join(UNITS, 'mimamori.target'), 'utf8');
  for (const name of PROGRAMS) assert.match(target, new RegExp(`mimamori@${name}\\.service`), `target wants ${name}`);
  for (const u of units.filter((f) => f.endsWith('.service'))) {
    const text = fs.readFileSync(path.join(UNITS, u), 'utf8');
    assert.doesNotMatch(text, /@[a-z]+@/, `${u}: paths substituted`);
    for (const line of ['ProtectSystem=strict', 'ProtectHome=yes', 'PrivateTmp=yes', 'NoNewPrivileges=yes',
      'CapabilityBoundingSet=', 'SystemCallFilter=@system-service', 'User=mimamori']) {
      assert.match(text, new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'), `${u}: ${line}`);
    }
    assert.match(text, /^RestrictAddressFamilies=AF_UNIX/m, `${u}: RestrictAddressFamilies`);
    assert.match(text, new RegExp(`^ExecStart=${PREFIX}/bin/mimamori-`, 'm'), `${u}: installed program`);
    assert.match(text, /--config \/usr\/local\/etc\/mimamori\/mimamori\.hdf/, `${u}: the installed config`);
  }
  assert.match(fs.readFileSync(path.join(UNITS, 'mimamori@.service'), 'utf8'), /^ReadWritePaths=\/var\/lib\/mimamori$/m);
  for (const area of ['cases', 'knowledge']) {
    assert.match(fs.readFileSync(path.join(UNITS, `mimamori@${area}.service.d/uploads.conf`), 'utf8'), /^User=www-data$/m);
  }
});

test('systemd-analyze verify accepts the installed units', { skip: spawnSync('systemd-analyze', ['--version']).status !== 0 }, () => {
  // verify resolves ExecStart= and the unit references inside --root: give
  // it the system's own units (sysinit.target, mariadb.service …) there
  fs.cpSync('/usr/lib/systemd/system', at('/usr/lib/systemd/system'), { recursive: true, verbatimSymlinks: true });
  const units = fs.readdirSync(UNITS).filter((f) => /\.(service|timer|target)$/.test(f) && f !== 'mimamori@.service')
    .map((f) => path.join(UNITS, f));
  // instances of the template: a plain one and one with its drop-in
  const instances = ['mimamori@auth.service', 'mimamori@cases.service'];
  for (const i of instances) {
    fs.symlinkSync('mimamori@.service', path.join(UNITS, i));
    units.push(path.join(UNITS, i));
  }
  const r = spawnSync('systemd-analyze', ['verify', '--man=no', `--root=${DEST}`, ...units], { encoding: 'utf8', timeout: 120000 });
  for (const i of instances) fs.unlinkSync(path.join(UNITS, i));
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  // units this host does not have (mariadb.service …) are no fault of ours
  const problems = `${r.stdout}\n${r.stderr}`.split('\n')
    .filter((l) => l.trim());
  assert.deepEqual(problems, [], `exit ${r.status}:\n${r.stdout}\n${r.stderr}`);
});

/** The User=, Group= and SupplementaryGroups= of a unit and its drop-ins, in order (later wins; the list appends, empty resets). */
function unitCredentials(...texts) {
  const cred = { user: null, group: null, supplementary: [] };
  for (const text of texts) {
    for (const line of text.split('\n')) {
      const m = /^(User|Group|SupplementaryGroups)=(.*)$/.exec(line.trim());
      if (!m) continue;
      if (m[1] === 'User') cred.user = m[2].trim();
      else if (m[1] === 'Group') cred.group = m[2].trim();
      else if (m[2].trim() === '') cred.supplementary = [];
      else cred.supplementary.push(...m[2].trim().split(/\s+/));
    }
  }
  return cred;
}

/**
 * The groups a unit's processes run with, as systemd makes them: with
 * Group= set it calls initgroups(User, Group), so the list is Group= plus
 * the groups naming the user as a member (sysusers `m` lines; not the
 * user's own primary group), plus SupplementaryGroups=.
 */
function unitGroups(cred, sysusers) {
  const members = sysusers.split('\n').map((l) => l.trim().split(/\s+/))
    .filter((f) => f[0] === 'm' && f[1] === cred.user).map((f) => f[2]);
  const primary = cred.group ?? cred.user;
  return [...new Set([primary, ...members, ...cred.supplementary])];
}

test('every program instance can read the configuration (group mimamori)', () => {
  assert.equal(installed.status, 0, 'installed');
  const sysusers = fs.readFileSync(at(`${PREFIX}/lib/sysusers.d/mimamori.conf`), 'utf8');
  const template = fs.readFileSync(path.join(UNITS, 'mimamori@.service'), 'utf8');
  for (const name of PROGRAMS) {
    const dropins = path.join(UNITS, `mimamori@${name}.service.d`);
    const texts = [template, ...(fs.existsSync(dropins)
      ? fs.readdirSync(dropins).sort().map((f) => fs.readFileSync(path.join(dropins, f), 'utf8')) : [])];
    const groups = unitGroups(unitCredentials(...texts), sysusers);
    assert.ok(groups.includes('mimamori'), `mimamori@${name}: groups ${groups.join(',')} include mimamori (/etc/mimamori is root:mimamori)`);
    assert.ok(groups.includes('www-data'), `mimamori@${name}: groups ${groups.join(',')} include www-data (sockets, store)`);
  }
  for (const u of fs.readdirSync(UNITS).filter((f) => f.endsWith('.service') && f !== 'mimamori@.service')) {
    const groups = unitGroups(unitCredentials(fs.readFileSync(path.join(UNITS, u), 'utf8')), sysusers);
    assert.ok(groups.includes('mimamori'), `${u}: groups ${groups.join(',')} include mimamori`);
  }
});

test('a process with exactly a unit\'s credentials reads a root:mimamori 0750/0640 configuration',
  { skip: process.getuid() !== 0 || spawnSync('setpriv', ['--version']).status !== 0 }, () => {
    assert.equal(installed.status, 0, 'installed');
    const sysusers = fs.readFileSync(at(`${PREFIX}/lib/sysusers.d/mimamori.conf`), 'utf8');
    const template = fs.readFileSync(path.join(UNITS, 'mimamori@.service'), 'utf8');
    const casesDropin = fs.readFileSync(path.join(UNITS, 'mimamori@cases.service.d/uploads.conf'), 'utf8');
    // this host need not have the mimamori user: numeric ids nobody uses stand for it
    const taken = (db, id) => spawnSync('getent', [db, String(id)]).status === 0;
    let free = 61000;
    while (taken('passwd', free) || taken('group', free)) free += 1;
    const gidOf = (g) => (g === 'mimamori' ? free : Number(execFileSync('getent', ['group', g], { encoding: 'utf8' }).split(':')[2]));
    const uidOf = (u) => (u === 'mimamori' ? free : Number(execFileSync('getent', ['passwd', u], { encoding: 'utf8' }).split(':')[2]));
    // /etc/mimamori as docs/deploy.md makes it, in a directory everyone may traverse
    const etc = fs.mkdtempSync('/tmp/mm-etc-');
    try {
      fs.chmodSync(etc, 0o755);
      const confDir = path.join(etc, 'mimamori');
      fs.mkdirSync(confDir);
      fs.chownSync(confDir, 0, free);
      fs.chmodSync(confDir, 0o750);
      const conf = path.join(confDir, 'mimamori.hdf');
      fs.writeFileSync(conf, 'Site.BaseURL = https://portal.example.com\n');
      fs.chownSync(conf, 0, free);
      fs.chmodSync(conf, 0o640);
      const readAs = (cred, groups) => spawnSync('setpriv', ['--reuid', String(uidOf(cred.user)),
        '--regid', String(gidOf(cred.group ?? cred.user)), '--groups', groups.map(gidOf).join(','),
        '--', 'cat', conf], { encoding: 'utf8' });
      for (const [unit, texts] of [['mimamori@auth', [template]], ['mimamori@cases', [template, casesDropin]]]) {
        const cred = unitCredentials(...texts);
        const groups = unitGroups(cred, sysusers);
        const r = readAs(cred, groups);
        assert.equal(r.status, 0, `${unit} (uid ${cred.user}, gid ${cred.group}, groups ${groups}) reads the config: ${r.stderr}`);
        assert.match(r.stdout, /^Site\.BaseURL/);
        // the control: without the mimamori group the same process cannot
        const without = readAs(cred, groups.filter((g) => g !== 'mimamori'));
        assert.notEqual(without.status, 0, `${unit} without the mimamori group is refused`);
      }
    } finally {
      fs.rmSync(etc, { recursive: true, force: true });
    }
  });

/** Starts an installed program on run/NAME.sock; resolves once the socket exists. */
async function startInstalled(name, config, run) {
  const socket = path.join(run, `${name}.sock`);
  const logFile = path.join(dir, `${name}.log`);
  const out = fs.openSync(logFile, 'a');
  const p = spawn(path.join(BIN, `mimamori-${name}`), ['--config', config, '--socket', socket, '--workers', '1'],
    { stdio: ['ignore', out, out], cwd: '/' });
  fs.closeSync(out);
  procs.push(p);
  await waitFor(() => {
    if (p.exitCode !== null) throw new Error(`mimamori-${name} exited:\n${fs.readFileSync(logFile, 'utf8')}`);
    return fs.existsSync(socket);
  }, 20000, `mimamori-${name} to listen`);
  return p;
}

test('fresh database, installed migrate and create-user, login through the installed site', { timeout: 300000 }, async () => {
  assert.equal(installed.status, 0, 'installed');
  // the database and its user, as docs/deploy.md creates them
  db = await startMariadb(dir);
  const dbPassword = `p${Date.now().toString(36)}x`;
  db.sql(`CREATE DATABASE mimamori CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE USER 'mimamori'@'localhost' IDENTIFIED BY '${dbPassword}';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES, TRIGGER, CREATE TEMPORARY TABLES, LOCK TABLES
  ON mimamori.* TO 'mimamori'@'localhost';`);
  // the installed sample with this machine's paths instead of /etc and /var
  const secrets = path.join(dir, 'secrets.hdf');
  const hex = (n) => execFileSync('openssl', ['rand', '-hex', String(n)], { encoding: 'utf8' }).trim();
  fs.writeFileSync(secrets, `Secrets.Key = ${hex(32)}\nSecrets.DataKey = ${hex(32)}\nDb.Password = ${dbPassword}\n`, { mode: 0o600 });
  const lib = path.join(dir, 'lib');
  fs.mkdirSync(path.join(lib, 'attachments'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'nginx', 'client_body'), { recursive: true });
  const config = path.join(dir, 'mimamori.hdf');
  const sample = fs.readFileSync(at(`${PREFIX}/etc/mimamori/mimamori.hdf.sample`), 'utf8');
  fs.writeFileSync(config, `${sample.replace(`${PREFIX}/etc/mimamori/secrets.hdf`, secrets)
    .replaceAll(`${PREFIX}/share/mimamori/templates`, path.join(SHARE, 'templates'))}
# this machine
Db.Socket = ${db.socket}
Paths.UploadTmp = ${path.join(dir, 'nginx', 'client_body')}
Paths.Attachments = ${path.join(lib, 'attachments')}
`);
  const admin = (...args) => execFileSync(path.join(BIN, 'mimamori-admin'), ['--config', config, ...args],
    { encoding: 'utf8', stdio: 'pipe' });
  admin('migrate', '--dir', path.join(SHARE, 'sql'));
  const tables = db.sql("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'mimamori'").trim();
  assert.ok(Number(tables) > 10, `migrated: ${tables} tables`);
  const applied = db.sql('SELECT COUNT(*) FROM mimamori.schema_migrations').trim();
  assert.equal(Number(applied), fs.readdirSync(path.join(SHARE, 'sql')).filter((f) => /^\d{3}_.*\.sql$/.test(f)).length);
  const login = `admin-${Date.now().toString(36)}@portal.example`;
  // the password policy of the portal holds here too: a weak one is refused
  const weak = spawnSync(path.join(BIN, 'mimamori-admin'), ['--config', config, 'create-user', '--login', `weak-${login}`,
    '--password', 'a-strong-password', '--role', 'staff_admin'], { encoding: 'utf8' });
  assert.equal(weak.status, 2, weak.stderr);
  assert.match(weak.stderr, /breaks the password policy "client".*no_upper.*no_digit/);
  assert.equal(db.sql(`SELECT COUNT(*) FROM mimamori.users WHERE login_id = 'weak-${login}'`).trim(), '0');
  const created = admin('create-user', '--login', login, '--password', PASSWORD, '--role', 'staff_admin', '--name', 'First admin');
  assert.match(created, /\d+\s*$/);
  // --password -: the first line of stdin (as docs/deploy.md creates the first administrator)
  const piped = execFileSync(path.join(BIN, 'mimamori-admin'), ['--config', config, 'create-user', '--login', `piped-${login}`,
    '--password', '-', '--role', 'staff_admin'], { encoding: 'utf8', input: `${PASSWORD}\n` });
  assert.match(piped, /^\d+\s*$/);

  const run = path.join(dir, 'run');
  fs.mkdirSync(run);
  for (const name of ['auth', 'dashboard']) await startInstalled(name, config, run);
  const ca = makeCertificates(dir, 'ca');
  const certs = makeServerCertificate(dir, ca);
  site = await startSite({ dir, run, www: path.join(SHARE, 'www'), cert: certs.cert, key: certs.key,
    sample: path.join(SHARE, 'nginx', 'mimamori.conf.sample') });

  const health = await httpsRequest(site.port, certs.ca, 'GET', '/healthz');
  assert.equal(health.status, 200);
  assert.equal(health.body, 'ok\n');
  const css = await httpsRequest(site.port, certs.ca, 'GET', '/static/css/mimamori.css');
  assert.equal(css.status, 200, 'static files from the installed share dir');

  const c = new TlsClient(site.port, certs.ca);
  const form = await c.get('/auth/login');
  assert.equal(form.status, 200);
  const res = await c.post('/auth/login', { csrf: csrfOf(form.body), user_id: login, password: PASSWORD });
  assert.equal(res.status, 303, res.body.slice(0, 300));
  assert.ok(c.jar.has('__Host-mm_session'), 'logged in, __Host- session cookie');
  let next = res.headers.location;
  // the first login may ask for settings first (2-step method): follow to a page
  const page = await c.get(next);
  assert.ok([200, 303].includes(page.status), `${next}: ${page.status}`);
  if (page.status === 303) next = page.headers.location;
  const final = page.status === 200 ? page : await c.get(next);
  assert.equal(final.status, 200, `${next}: ${final.body.slice(0, 300)}`);
  assert.match(final.body, /<html lang="(ja|en)">/);
  // the administrator made with --password - signs in with the line it was given
  const p = new TlsClient(site.port, certs.ca);
  const pform = await p.get('/auth/login');
  const pres = await p.post('/auth/login', { csrf: csrfOf(pform.body), user_id: `piped-${login}`, password: PASSWORD });
  assert.equal(pres.status, 303, pres.body.slice(0, 300));
  assert.ok(p.jar.has('__Host-mm_session'), 'piped password: logged in');
});
