// A whole private stack for the backup and fault tests, which stop, kill and
// starve its pieces: its own MariaDB server (tests/lib/mariadb.mjs), the
// demo data, the programs asked for (tests/lib/fcgi.mjs) and nginx in front
// of them (tests/lib/nginx.mjs), all in one temp dir. The shared stack is
// never touched.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ADMIN, Client, PASSWORD, csrfOf, textById, uniqueId } from './http.mjs';
import { secretText, stepMargin, totp } from './otp.mjs';
import { makeTemp, rmTemp, startProgram } from './fcgi.mjs';
import { configWith, createAppDatabase, startMariadb } from './mariadb.mjs';
import { startNginx } from './nginx.mjs';

export const DEMO_PASSWORD = 'Demo#Mimamori26';

/**
 * Starts a private stack. opts.programs: FastCGI programs (the dashboard is
 * always there); opts.workers: workers per program; opts.config: extra
 * configuration keys; opts.demo: load the demo data (default true);
 * opts.wrap: { program: command prefix } (see startProgram).
 * Returns { dir, base, config, db, nginx, procs, password, sql(text) → rows,
 * admin(...args) → stdout, client(), restartProgram(name), stop() }.
 */
export async function privateStack({ programs = ['auth', 'cases', 'points'], workers = 2, config: extra = {}, demo = true, wrap = {} } = {}) {
  const dir = makeTemp('mm-stack-');
  const names = ['dashboard', ...programs.filter((p) => p !== 'dashboard')];
  const st = { dir, procs: {}, names };
  try {
    fs.mkdirSync(path.join(dir, 'attachments'), { mode: 0o755 });
    st.db = await startMariadb(dir);
    st.password = createAppDatabase(st.db, dir);
    st.nginx = await startNginx(dir, { programs: names });
    st.base = st.nginx.base;
    // a clock of its own: other tests move the shared stack's
    fs.writeFileSync(path.join(dir, 'clock-offset'), '0\n');
    st.config = configWith(dir, 'mm.hdf', {
      'Clock.OffsetFile': path.join(dir, 'clock-offset'),
      'Db.Socket': st.db.socket, 'Db.Host': '', 'Db.Password': st.password,
      'Paths.Attachments': path.join(dir, 'attachments'),
      'Paths.UploadTmp': path.join(dir, 'nginx', 'client_body'),
      'Site.BaseURL': st.base,
      ...extra,
    });
    st.admin = (...args) => execFileSync(ADMIN, ['--config', st.config, ...args],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120000 });
    if (demo) {
      st.admin('demo');
      st.admin('points-rollover');
    }
    for (const name of names) st.procs[name] = await startProgram(name, { config: st.config, dir, workers, wrap: wrap[name] || [] });
  } catch (e) {
    await stopAll(st);
    rmTemp(dir);
    throw e;
  }
  st.sql = (text) => rowsOf(st.db.sql(`USE mimamori;\n${text}`));
  st.client = () => new Client(st.base);
  st.restartProgram = async (name) => {
    await st.procs[name].stop('SIGKILL');
    st.procs[name] = await startProgram(name, { config: st.config, dir, workers, wrap: wrap[name] || [] });
  };
  st.stop = async () => {
    const exits = await stopAll(st);
    rmTemp(dir);
    return exits;
  };
  return st;
}

async function stopAll(st) {
  const exits = {};
  if (st.nginx) await st.nginx.stop();
  for (const [name, p] of Object.entries(st.procs)) exits[name] = await p.stop();
  if (st.db) await st.db.stop();
  return exits;
}

/** Tab-separated client output → rows of strings (NULL → null). */
export function rowsOf(out) {
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t').map((f) => (f === 'NULL' ? null : f)));
}

/** A client of the stack logged in with a demo login; opts.userAgent marks
 * the login event. Returns the client (throws when the login fails). */
export async function demoLogin(st, login, { userAgent } = {}) {
  const c = st.client();
  const form = await c.get('/auth/login');
  if (form.status !== 200) throw new Error(`GET /auth/login: ${form.status}`);
  const headers = userAgent ? { 'user-agent': userAgent } : {};
  const res = await c.post('/auth/login', { csrf: csrfOf(form.text), user_id: login, password: DEMO_PASSWORD }, { headers });
  if (res.status !== 303) throw new Error(`login of ${login}: ${res.status} ${res.text.slice(0, 200)}`);
  return c;
}

/**
 * A new analyst of the stack logged in the whole way (password, then the
 * 2-step setup staff cannot skip, as tests/lib/staff.mjs does on the shared
 * stack). Returns the client.
 */
export async function staffLogin(st) {
  const login = uniqueId('an');
  st.admin('create-user', '--login', login, '--password', PASSWORD, '--role', 'analyst', '--name', '障害 試験');
  const c = st.client();
  const res = await c.login(login, PASSWORD);
  if (res.headers.get('location') !== '/auth/first') throw new Error(`staff login: ${res.status} ${res.headers.get('location')}`);
  const choice = await c.get('/auth/first/mfa');
  const chosen = await c.post('/auth/first/mfa', { csrf: csrfOf(choice.text), method: 'totp' });
  if (chosen.headers.get('location') !== '/auth/mfa/totp') throw new Error(`2-step choice: ${chosen.status}`);
  const enrol = await c.get('/auth/mfa/totp');
  const secret = secretText(textById(enrol.text, 'totp-secret') || '');
  await stepMargin();
  const done = await c.post('/auth/mfa/totp', { csrf: csrfOf(enrol.text), code: totp(secret) });
  if (done.status !== 303 || done.headers.get('location') !== '/') throw new Error(`2-step setup: ${done.status}`);
  return c;
}
