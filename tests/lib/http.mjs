// Shared helpers of the HTTP and browser tests.
//
// The stack under test is given by the environment (./mimamori test sets it):
//   MM_BASE_URL  e.g. http://127.0.0.1:41234
//   MM_CONFIG    HDF configuration of the stack
//   MM_ADMIN     the mimamori-admin binary (the programs sit next to it)
//   MM_VAR_DIR   var dir of the stack (screenshots go below it)
//
// Every test creates its own users (createUser) so that test files can run
// in parallel without touching each other's login state.

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';

function need(name) {
  const v = process.env[name];
  if (!v) throw new Error(`environment variable ${name} is not set (run the tests through ./mimamori test)`);
  return v;
}

export const BASE = need('MM_BASE_URL').replace(/\/+$/, '');
export const BASE_URL = new URL(BASE);
export const CONFIG = need('MM_CONFIG');
export const ADMIN = need('MM_ADMIN');
export const VAR_DIR = process.env.MM_VAR_DIR || '';

// A password that passes the default (client) policy.
export const PASSWORD = 'Kx7#mPq2!vLz9w';
export const DEMO_PASSWORD = 'Demo#Mimamori26';

export const TENANT_A = { no: 'N200000001', name: '株式会社みまもり商事' };
export const TENANT_B = { no: 'N200000002', name: 'サンプル工業株式会社' };

export const LOGIN_FAILED = 'ユーザーIDまたはパスワードが正しくありません。';
export const CSRF_FAILED = 'フォームの有効期限が切れました';

let seq = 0;
/** A user ID unique across processes and runs, at most 40 characters. */
export function uniqueId(prefix = 't') {
  seq += 1;
  const tail = `${process.pid.toString(36)}${Date.now().toString(36).slice(-5)}${seq.toString(36)}${randomBytes(3).toString('hex')}`;
  const p = prefix.replace(/[^a-z0-9-]/gi, '').slice(0, 12);
  const id = `${p}-${tail}@t.example`;
  if (id.length > 40) throw new Error(`uniqueId too long: ${id}`);
  return id;
}

/**
 * Creates a user with mimamori-admin and returns { id, login, password }.
 * role: customer_user | customer_admin | analyst | staff_admin
 */
export function createUser({
  role = 'customer_user',
  tenant = role.startsWith('customer') ? TENANT_A.no : undefined,
  login = uniqueId(role.replace('customer_', 'c').replace('staff_', 's')),
  password = PASSWORD,
  email,
  name,
  lang,
} = {}) {
  const args = ['--config', CONFIG, 'create-user', '--login', login, '--password', password, '--role', role];
  if (tenant) args.push('--tenant', tenant);
  if (email) args.push('--email', email);
  if (name) args.push('--name', name);
  if (lang) args.push('--lang', lang);
  const out = execFileSync(ADMIN, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const id = out.trim().split(/\s+/).pop();
  if (!/^\d+$/.test(id)) throw new Error(`create-user printed no id: ${JSON.stringify(out)}`);
  return { id: Number(id), login, password, role, tenant, name, lang };
}

/** Minimal HTML entity decoding for text taken out of pages. */
export function decodeEntities(s) {
  return s
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'").replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** Text content (decoded, trimmed) of the element with this id, or null. */
export function textById(html, id) {
  const re = new RegExp(`<([a-z0-9]+)[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</\\1>`, 'i');
  const m = re.exec(html);
  if (!m) return null;
  return decodeEntities(m[2].replace(/<[^>]*>/g, '')).trim();
}

/** Value of the first hidden input with this name, or null. */
export function hiddenValue(html, name) {
  const re = /<input\b[^>]*>/gi;
  let m;
  while ((m = re.exec(html))) {
    const tag = m[0];
    if (new RegExp(`\\bname="${name}"`).test(tag)) {
      const v = /\bvalue="([^"]*)"/.exec(tag);
      return v ? decodeEntities(v[1]) : '';
    }
  }
  return null;
}

/** The CSRF token of the first form of the page (throws when there is none). */
export function csrfOf(html) {
  const t = hiddenValue(html, 'csrf');
  if (!t) throw new Error('page has no csrf field');
  return t;
}

/** The page with every csrf token and one-time form key blanked (to compare two answers). */
export function withoutCsrf(html) {
  return html.replace(/(name="(?:csrf|form_key)"[^>]*value=")[^"]*"/g, '$1"')
    .replace(/(value=")[^"]*("[^>]*name="(?:csrf|form_key)")/g, '$1$2');
}

/** Parses one Set-Cookie line into { name, value, attrs: Map(lowercase → value) , raw }. */
export function parseSetCookie(line) {
  const parts = line.split(';').map((s) => s.trim());
  const [nv, ...rest] = parts;
  const eq = nv.indexOf('=');
  const attrs = new Map();
  for (const a of rest) {
    if (!a) continue;
    const i = a.indexOf('=');
    if (i < 0) attrs.set(a.toLowerCase(), true);
    else attrs.set(a.slice(0, i).toLowerCase(), a.slice(i + 1));
  }
  return { name: nv.slice(0, eq), value: nv.slice(eq + 1), attrs, raw: line };
}

/** All Set-Cookie lines of a fetch Response, parsed. */
export function setCookies(res) {
  return res.headers.getSetCookie().map(parseSetCookie);
}

/** Form body (application/x-www-form-urlencoded) from an object or [k, v] pairs. */
export function formBody(fields) {
  const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/**
 * A browser-like client: a cookie jar (name → value; one host) and fetch
 * without following redirects. Responses get .text (the body, read once).
 */
export class Client {
  constructor(base = BASE) {
    this.jar = new Map();
    this.base = base;
  }

  cookieHeader() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  store(res) {
    for (const c of setCookies(res)) {
      const maxAge = c.attrs.get('max-age');
      const expires = c.attrs.get('expires');
      const expired = (maxAge !== undefined && Number(maxAge) <= 0)
        || (typeof expires === 'string' && Date.parse(expires) < Date.now())
        || c.value === '';
      if (expired) this.jar.delete(c.name);
      else this.jar.set(c.name, c.value);
    }
  }

  /**
   * request(method, path, opts) → fetch Response, its body already read into
   * .text. opts: body; headers; clock (X-Test-Clock-Offset seconds);
   * cookies (false: send none from the jar); contentType (default the form
   * type when there is a body; null: let fetch choose, e.g. for FormData).
   */
  async request(method, path, { body, headers = {}, clock, cookies = true, contentType } = {}) {
    const h = { ...headers };
    if (cookies && this.jar.size && h.cookie === undefined && h.Cookie === undefined) h.cookie = this.cookieHeader();
    if (clock !== undefined) h['x-test-clock-offset'] = String(clock);
    if (body !== undefined && contentType !== null) {
      h['content-type'] = contentType || 'application/x-www-form-urlencoded';
    }
    const res = await fetch(this.base + path, { method, headers: h, body, redirect: 'manual' });
    res.text = await res.text();
    this.store(res);
    return res;
  }

  get(path, opts = {}) {
    return this.request('GET', path, opts);
  }

  /** POST a form (object or pairs, or a ready string). */
  post(path, fields, opts = {}) {
    const body = typeof fields === 'string' ? fields : formBody(fields);
    return this.request('POST', path, { ...opts, body });
  }

  /** GET the login page (optionally with ?next=) and return its csrf token. */
  async loginForm(next) {
    const q = next === undefined ? '' : `?next=${encodeURIComponent(next)}`;
    const res = await this.get(`/auth/login${q}`);
    if (res.status !== 200) throw new Error(`GET /auth/login${q}: ${res.status}`);
    return { res, csrf: csrfOf(res.text) };
  }

  /** Full login: GET the form, POST it. Returns the POST response. */
  async login(login, password, { next, clock } = {}) {
    const { csrf } = await this.loginForm();
    const fields = { csrf, user_id: login, password };
    if (next !== undefined) fields.next = next;
    return this.post('/auth/login', fields, { clock });
  }

  /** Login that must succeed (303); returns the session token. */
  async loginOk(user, opts = {}) {
    const res = await this.login(user.login, user.password, opts);
    if (res.status !== 303) throw new Error(`login of ${user.login} failed: ${res.status}`);
    const s = this.jar.get('mm_session');
    if (!s) throw new Error('login set no mm_session cookie');
    return s;
  }
}

/** A logged-in client for a new user of this role (see createUser). */
export async function loggedIn(opts = {}) {
  const user = createUser(opts);
  const client = new Client();
  await client.loginOk(user);
  return { user, client };
}

/** Asserts no 5xx and gives a readable message with the body start. */
export function describe5xx(res) {
  return `status ${res.status}: ${String(res.text || '').slice(0, 300)}`;
}

/**
 * Sends raw bytes to the stack (HTTP/1.1 over TCP) and collects the answer.
 * Returns { status (number or null), head, body, raw, closed, timedOut }.
 * halfClose: end our side after sending (the server sees EOF).
 */
export function rawRequest(data, { timeoutMs = 5000, halfClose = false } = {}) {
  return new Promise((resolve) => {
    const chunks = [];
    let done = false;
    const sock = net.connect({ host: BASE_URL.hostname, port: Number(BASE_URL.port || 80) });
    const finish = (how) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      const raw = Buffer.concat(chunks);
      const s = raw.toString('latin1');
      const i = s.indexOf('\r\n\r\n');
      const head = i < 0 ? s : s.slice(0, i);
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(s);
      resolve({
        status: m ? Number(m[1]) : null,
        head,
        body: i < 0 ? Buffer.alloc(0) : raw.subarray(i + 4),
        raw,
        closed: how === 'close',
        timedOut: how === 'timeout',
      });
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    sock.on('connect', () => {
      sock.write(data);
      if (halfClose) sock.end();
    });
    sock.on('data', (d) => {
      chunks.push(d);
      // One response is enough: stop once the announced body is complete.
      const raw = Buffer.concat(chunks);
      const s = raw.toString('latin1');
      const i = s.indexOf('\r\n\r\n');
      if (i >= 0) {
        const cl = /\r\ncontent-length:\s*(\d+)/i.exec(s.slice(0, i));
        if (cl && raw.length >= i + 4 + Number(cl[1])) finish('complete');
      }
    });
    sock.on('end', () => finish('close'));
    sock.on('close', () => finish('close'));
    sock.on('error', () => finish('close'));
  });
}

/** Host header value for raw requests. */
export const HOST = BASE_URL.host;

// --- First login, settings and database reads (auth flow tests) -----------

import { readFileSync } from 'node:fs';

// A temporary password (AUTH-3) that itself passes the policy, so that
// "same as the temporary password" is what refuses it.
export const TEMP_PASSWORD = 'Rv8#Kw2!Tn5xQ';

/**
 * Creates a user whose password is temporary (expires 14 days after
 * creation, first-login steps follow); returns what createUser returns.
 */
export function createTemporaryUser({
  tenant = TENANT_A.no,
  login = uniqueId('tmp'),
  password = TEMP_PASSWORD,
  email,
  name,
  lang,
} = {}) {
  const args = ['--config', CONFIG, 'create-user', '--login', login, '--password', password,
    '--role', 'customer_user', '--tenant', tenant, '--temporary'];
  if (email) args.push('--email', email);
  if (name) args.push('--name', name);
  if (lang) args.push('--lang', lang);
  const out = execFileSync(ADMIN, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const id = out.trim().split(/\s+/).pop();
  if (!/^\d+$/.test(id)) throw new Error(`create-user printed no id: ${JSON.stringify(out)}`);
  return { id: Number(id), login, password, email: email || login, role: 'customer_user', tenant, name, lang };
}

/** A mobile number (11 digits, 090…) unique enough for one test run. */
export function uniqueMobile() {
  return `090${String(randomBytes(4).readUInt32BE(0) % 100000000).padStart(8, '0')}`;
}

/** Texts of the <li> items of the element with this id (null when absent). */
export function listById(html, id) {
  const re = new RegExp(`<([a-z0-9]+)[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</\\1>`, 'i');
  const m = re.exec(html);
  if (!m) return null;
  return [...m[2].matchAll(/<li\b[^>]*>([\s\S]*?)<\/li>/gi)]
    .map((li) => decodeEntities(li[1].replace(/<[^>]*>/g, '')).trim());
}

/**
 * Chooses a 2-step method on /account/mfa (full session). method: email |
 * sms (mobile) | none (confirmed) | totp (answer: 303 to the enrolment page).
 * Returns the POST response.
 */
export async function chooseMfa(client, method, { mobile, clock } = {}) {
  const form = await client.get('/account/mfa', { clock });
  if (form.status !== 200) throw new Error(`GET /account/mfa: ${form.status}`);
  const fields = { csrf: csrfOf(form.text), method };
  if (mobile !== undefined) fields.mobile = mobile;
  if (method === 'none') fields.confirm_none = '1';
  const { smsTo } = await import('./mail.mjs');
  const before = method === 'sms' && mobile ? smsTo(mobile).length : 0;
  const r = await client.post('/account/mfa', fields, { clock });
  // A new number is confirmed with a code sent to it before it is taken.
  if (method === 'sms' && r.status === 303 && r.headers.get('location') === '/auth/mfa/sms') {
    return verifySms(client, mobile, { clock, count: before + 1 });
  }
  return r;
}

/**
 * Answers /auth/mfa/sms with the newest code SMS to mobile (count = how many
 * SMS that number must have received by then). Returns the POST response.
 */
export async function verifySms(client, mobile, { clock, count = 1 } = {}) {
  const { waitForSms, codeIn } = await import('./mail.mjs');
  const page = await client.get('/auth/mfa/sms', { clock });
  if (page.status !== 200) throw new Error(`GET /auth/mfa/sms: ${page.status}`);
  const sms = await waitForSms(mobile, { count });
  return client.post('/auth/mfa/sms', { csrf: csrfOf(page.text), code: codeIn(sms.text) }, { clock });
}

/** Logs out through the logout form (POST with the page's token). */
export async function logout(client, { clock } = {}) {
  const page = await client.get('/auth/logout', { clock });
  if (page.status !== 200) throw new Error(`GET /auth/logout: ${page.status}`);
  return client.post('/auth/logout', { csrf: csrfOf(page.text) }, { clock });
}

let dbConf;
/** Db.Socket and Db.Name of the stack's configuration (the Db { } block). */
export function dbConfig() {
  if (dbConf) return dbConf;
  const text = readFileSync(CONFIG, 'utf8');
  const db = /^\s*Db\s*\{([\s\S]*?)^\s*\}/m.exec(text);
  const socket = db && /^\s*Socket\s*=\s*(\S+)\s*$/m.exec(db[1]);
  const name = db && /^\s*Name\s*=\s*(\S+)\s*$/m.exec(db[1]);
  if (!socket) throw new Error(`no Db.Socket in ${CONFIG}`);
  dbConf = { socket: socket[1], name: name ? name[1] : 'mimamori' };
  return dbConf;
}

/** A SQL string literal (values chosen by the tests). */
export function sqlString(s) {
  return `'${String(s).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * Runs a read-only query on the stack's database (mariadb client, root over
 * the socket, test stacks only); returns rows as arrays of strings (NULL →
 * null).
 */
export function dbRows(sqlText, database = dbConfig().name) {
  const out = execFileSync('mariadb', ['--no-defaults', '--default-character-set=utf8mb4',
    `--socket=${dbConfig().socket}`, '-uroot', '--batch', '--raw', '--skip-column-names', '-e', sqlText, database],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t').map((f) => (f === 'NULL' ? null : f)));
}
