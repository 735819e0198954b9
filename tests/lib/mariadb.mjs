// A throwaway MariaDB server for tests that stop, lock or reconfigure their
// database (the shared stack's server must never be disturbed): its own data
// dir in a temp dir, a Unix socket and optionally TCP on a free loopback
// port with TLS, the schema applied with mimamori-admin migrate.

import { spawn, spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ADMIN, CONFIG } from './http.mjs';

const ROOT = process.cwd();
export const SQL_DIR = path.join(ROOT, 'sql');

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Polls cond() (sync or async) until it is truthy or deadlineMs passes. */
export async function waitFor(cond, deadlineMs, what) {
  const t0 = Date.now();
  for (;;) {
    const v = await cond();
    if (v) return v;
    if (Date.now() - t0 > deadlineMs) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Starts mariadbd in dir/db. opts.tls = { ca, cert, key } adds TCP on a free
 * port with those certificates; opts.args are extra server options;
 * opts.install = false starts on a data dir that is already there (a
 * restored backup, or the same data dir again after a stop).
 * Returns { socket, port, pid, sql(text) → stdout, stop() }.
 */
export async function startMariadb(dir, { tls = null, args = [], install = true } = {}) {
  const data = path.join(dir, 'db');
  const socket = path.join(dir, 'db.sock');
  const errLog = path.join(dir, 'mariadb.err');
  const root = process.getuid && process.getuid() === 0 ? ['--user=root'] : [];
  if (install) {
    // A tmpdir of its own: a mariadbd starting deletes the #sql files of
    // its tmpdir, which in a shared /tmp are another install's tables.
    execFileSync('mariadb-install-db', ['--no-defaults', `--datadir=${data}`, `--tmpdir=${dir}`, ...root,
      '--auth-root-authentication-method=normal', '--skip-test-db'], { stdio: 'pipe' });
  }
  const port = tls ? await freePort() : 0;
  const listen = tls
    ? ['--bind-address=127.0.0.1', '--skip-name-resolve', `--port=${port}`, `--ssl-ca=${tls.ca}`, `--ssl-cert=${tls.cert}`, `--ssl-key=${tls.key}`]
    : ['--skip-networking'];
  const proc = spawn('mariadbd', ['--no-defaults', `--datadir=${data}`, `--socket=${socket}`, ...root,
    `--pid-file=${path.join(dir, 'mariadb.pid')}`, `--log-error=${errLog}`, `--tmpdir=${dir}`,
    '--character-set-server=utf8mb4', '--collation-server=utf8mb4_general_ci',
    '--innodb-flush-log-at-trx-commit=2', '--innodb-buffer-pool-size=16M', ...listen, ...args],
  { stdio: 'ignore' });
  let gone = null;
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => { gone = { code, signal }; resolve(gone); }));
  const sql = (text) => execFileSync('mariadb', ['--no-defaults', `--socket=${socket}`, '-uroot', '--batch',
    '--skip-column-names', '-e', text], { encoding: 'utf8', timeout: 30000 });
  const ping = () => spawnSync('mariadb-admin', ['--no-defaults', `--socket=${socket}`, '-uroot',
    '--connect-timeout=2', 'ping'], { stdio: 'ignore' }).status === 0;
  try {
    await waitFor(() => {
      if (gone) throw new Error(`mariadbd exited (${JSON.stringify(gone)}):\n${fs.readFileSync(errLog, 'utf8')}`);
      return ping();
    }, 60000, 'mariadbd to answer');
  } catch (e) {
    proc.kill('SIGKILL');
    throw e;
  }
  const stop = async () => {
    if (gone) return gone;
    proc.kill('SIGCONT');
    proc.kill('SIGTERM');
    const timer = setTimeout(() => { if (!gone) proc.kill('SIGKILL'); }, 30000);
    const r = await exited;
    clearTimeout(timer);
    return r;
  };
  return { socket, port, pid: proc.pid, proc, sql, stop };
}

/** Database mimamori and its user (password returned), schema migrated. */
export function createAppDatabase(db, dir) {
  const password = 'p' + Math.random().toString(36).slice(2) + Date.now().toString(36);
  db.sql(`CREATE DATABASE mimamori CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE USER 'mimamori'@'localhost' IDENTIFIED BY '${password}';
CREATE USER 'mimamori'@'127.0.0.1' IDENTIFIED BY '${password}';
GRANT ALL PRIVILEGES ON mimamori.* TO 'mimamori'@'localhost';
GRANT ALL PRIVILEGES ON mimamori.* TO 'mimamori'@'127.0.0.1';`);
  const config = configWith(dir, 'migrate.hdf', { 'Db.Socket': db.socket, 'Db.Host': '', 'Db.Password': password });
  execFileSync(ADMIN, ['--config', config, 'migrate', '--dir', SQL_DIR], { stdio: 'pipe' });
  return password;
}

/**
 * A copy of the stack's configuration with the given keys set (HDF: a later
 * assignment overrides an earlier one, so they are appended), as dir/name.
 */
export function configWith(dir, name, keys) {
  const lines = Object.entries(keys).map(([k, v]) => `${k} = ${v}`);
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${fs.readFileSync(CONFIG, 'utf8')}\n${lines.join('\n')}\n`);
  return file;
}

/** A CA and a server certificate for 127.0.0.1 / localhost signed by it. */
export function makeCertificates(dir, name = 'ca') {
  const f = (n) => path.join(dir, n);
  const ossl = (...a) => execFileSync('openssl', a, { stdio: 'pipe' });
  ossl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=Test ${name}`,
    '-keyout', f(`${name}.key`), '-out', f(`${name}.pem`));
  return { ca: f(`${name}.pem`), caKey: f(`${name}.key`) };
}

export function makeServerCertificate(dir, ca) {
  const f = (n) => path.join(dir, n);
  const ossl = (...a) => execFileSync('openssl', a, { stdio: 'pipe' });
  ossl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost',
    '-keyout', f('server.key'), '-out', f('server.csr'));
  fs.writeFileSync(f('server.ext'), 'subjectAltName = IP:127.0.0.1, DNS:localhost\n');
  ossl('x509', '-req', '-in', f('server.csr'), '-CA', ca.ca, '-CAkey', ca.caKey, '-CAcreateserial',
    '-days', '2', '-extfile', f('server.ext'), '-out', f('server.pem'));
  return { ca: ca.ca, cert: f('server.pem'), key: f('server.key') };
}
