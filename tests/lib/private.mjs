// Private program instances for the auth tests that must not disturb the
// shared stack (killed workers, limits at their configured values): a client
// that speaks FastCGI to them with its own client address and cookie jar.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG, csrfOf, dbRows, formBody, parseSetCookie } from './http.mjs';
import { fcgiRequest, makeTemp, rmTemp, startProgram } from './fcgi.mjs';

/** A random IPv6 address in its own /64 (per-client limits count a /64). */
export function randomClientAddr() {
  return `2001:db8:${randomBytes(4).toString('hex').match(/.{4}/g).join(':')}:1::1`;
}

/**
 * Starts private instances of programs (e.g. ['auth', 'account']) with the
 * stack's configuration plus extra HDF lines; returns { sockets, dir,
 * procs, stop() } (stop checks a clean exit and no sanitizer report).
 */
export async function privatePrograms(names, extraLines = []) {
  const dir = makeTemp('mm-auth-');
  let config = CONFIG;
  if (extraLines.length) {
    config = path.join(dir, 'mm.hdf');
    fs.writeFileSync(config, `${fs.readFileSync(CONFIG, 'utf8')}\n# auth test\n${extraLines.join('\n')}\n`);
  }
  const procs = {};
  const sockets = {};
  for (const name of names) {
    procs[name] = await startProgram(name, { config, dir });
    sockets[`/${name}/`] = procs[name].socket;
  }
  const stop = async () => {
    for (const p of Object.values(procs)) {
      const r = await p.stop();
      assert.deepEqual(r, { code: 0, signal: null }, 'private instance exit');
      assert.doesNotMatch(p.log(), /ERROR: AddressSanitizer|LeakSanitizer|runtime error:/);
    }
    rmTemp(dir);
  };
  return { sockets, dir, procs, config, stop };
}

/**
 * A browser speaking FastCGI to private instances: requests go to the
 * socket of their path's prefix (/auth/, /account/, …). Responses carry
 * .status, .text, .location.
 */
export class FcgiClient {
  constructor(sockets, addr = randomClientAddr()) {
    this.sockets = sockets;
    this.addr = addr;
    this.jar = new Map();
  }

  socketFor(uri) {
    const prefix = Object.keys(this.sockets).find((p) => uri.startsWith(p));
    if (!prefix) throw new Error(`no private instance for ${uri}`);
    return this.sockets[prefix];
  }

  /** The CGI parameters of a request (also for callers that send it themselves). */
  params(method, uri, { body = '', clock } = {}) {
    const [docUri, query = ''] = uri.split('?');
    const params = {
      REQUEST_METHOD: method, DOCUMENT_URI: docUri, QUERY_STRING: query, REMOTE_ADDR: this.addr,
      HTTP_HOST: 'localhost', HTTP_COOKIE: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '),
    };
    if (clock !== undefined) params.HTTP_X_TEST_CLOCK_OFFSET = String(clock);
    if (method === 'POST') {
      params.CONTENT_TYPE = 'application/x-www-form-urlencoded';
      params.CONTENT_LENGTH = String(Buffer.byteLength(body));
    }
    return params;
  }

  request(method, uri, opts = {}) {
    const res = fcgiRequest(this.socketFor(uri), this.params(method, uri, opts), opts.body || '');
    for (const c of res.all('set-cookie').map(parseSetCookie)) {
      if (c.attrs.get('max-age') === '0' || c.value === '') this.jar.delete(c.name);
      else this.jar.set(c.name, c.value);
    }
    res.text = res.body;
    res.location = res.header('location');
    return res;
  }

  get(uri, opts = {}) {
    return this.request('GET', uri, opts);
  }

  /** POST a form; the CSRF token is taken from a GET of csrfFrom (default uri). */
  post(uri, fields, { clock, csrfFrom = uri } = {}) {
    const page = this.get(csrfFrom, { clock });
    const body = formBody({ csrf: csrfOf(page.text), ...fields });
    return this.request('POST', uri, { body, clock });
  }

  login(login, password, { clock } = {}) {
    return this.post('/auth/login', { user_id: login, password }, { clock });
  }
}

/** Polls fn (sync) every 5 ms until it returns a truthy value or the deadline passes. */
export async function waitFor(what, fn, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The pid of the (first) worker process of a program's master process, or null. */
export function workerPid(masterPid) {
  const kids = fs.readFileSync(`/proc/${masterPid}/task/${masterPid}/children`, 'utf8').trim();
  return kids ? Number(kids.split(/\s+/)[0]) : null;
}

/** Live attempt claims of a user (AUTH-13). */
export function claimsOf(userId) {
  return Number(dbRows(`SELECT COUNT(*) FROM auth_attempts WHERE user_id = ${userId}`)[0][0]);
}

/**
 * Posts a login to a private instance without waiting: returns a promise of
 * cgi-fcgi's exit (the answer itself is not read).
 */
export function loginInFlight(client, login, password) {
  const page = client.get('/auth/login');
  const body = formBody({ csrf: csrfOf(page.text), user_id: login, password });
  const params = client.params('POST', '/auth/login', { body });
  const dir = makeTemp('mm-inflight-');
  fs.writeFileSync(path.join(dir, 'body'), body);
  const fd = fs.openSync(path.join(dir, 'body'), 'r');
  const child = spawn('cgi-fcgi', ['-bind', '-connect', client.socketFor('/auth/')], {
    env: { SERVER_PROTOCOL: 'HTTP/1.1', GATEWAY_INTERFACE: 'CGI/1.1', REQUEST_URI: '/auth/login', ...params },
    stdio: [fd, 'ignore', 'ignore'],
  });
  return new Promise((resolve) => child.on('exit', resolve))
    .finally(() => { fs.closeSync(fd); rmTemp(dir); });
}
