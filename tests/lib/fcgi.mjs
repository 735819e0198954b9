// Extra program instances for tests that must not touch the shared stack:
// start a FastCGI program (next to mimamori-admin) on a socket in a fresh
// temp dir, talk to it with cgi-fcgi (Debian libfcgi-bin), stop it.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADMIN, CONFIG } from './http.mjs';

export const BUILD_DIR = path.dirname(ADMIN);

export function programPath(name) {
  return path.join(BUILD_DIR, `mimamori-${name}`);
}

/** A fresh private temp dir (removed by the caller with rmTemp). */
export function makeTemp(prefix = 'mm-test-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function rmTemp(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Writes a copy of the stack's configuration into dir with Db.Socket replaced
 * (and Db.Host emptied) and returns its path.
 */
export function configWithDbSocket(dir, socketPath) {
  const text = fs.readFileSync(CONFIG, 'utf8');
  const lines = text.split('\n');
  let depth = 0;
  let inDb = false;
  let replaced = false;
  const out = lines.map((line) => {
    const t = line.trim();
    if (!t.startsWith('#')) {
      if (depth === 0 && /^Db\s*\{/.test(t)) { inDb = true; depth = 1; return line; }
      if (inDb) {
        if (t.endsWith('{')) depth += 1;
        else if (t === '}') { depth -= 1; if (depth === 0) inDb = false; return line; }
        else if (depth === 1 && /^Socket\s*=/.test(t)) { replaced = true; return `  Socket = ${socketPath}`; }
        else if (depth === 1 && /^Host\s*=/.test(t)) return '  Host =';
      }
    }
    return line;
  });
  if (!replaced) throw new Error(`no Socket = line inside Db { } of ${CONFIG}`);
  const file = path.join(dir, 'mm.hdf');
  fs.writeFileSync(file, out.join('\n'));
  return file;
}

/**
 * Sanitizer options for one program instance. ./mimamori test sends the
 * reports to files (ASAN_OPTIONS / UBSAN_OPTIONS log_path=PREFIX, written
 * as PREFIX.<pid> by every process, workers included), not to stderr. The
 * instance gets a prefix of its own under the same one, so the stack's
 * final scan still sees its reports and reports() reads just its own.
 */
function instanceSanitizers(tag) {
  const env = {};
  const prefixes = [];
  for (const key of ['ASAN_OPTIONS', 'UBSAN_OPTIONS']) {
    const opts = process.env[key];
    const m = /(^|:)log_path=([^:]+)/.exec(opts || '');
    if (!m) continue;
    const prefix = `${m[2]}.${tag}`;
    env[key] = opts.replace(m[0], `${m[1]}log_path=${prefix}`);
    prefixes.push(prefix);
  }
  const reports = () => prefixes.map((prefix) => {
    const dir = path.dirname(prefix);
    const base = `${path.basename(prefix)}.`;
    let names = [];
    try { names = fs.readdirSync(dir).filter((f) => f.startsWith(base)); } catch { /* none */ }
    return names.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('');
  }).join('');
  return { env, reports };
}

/**
 * Starts program `name` with `config` on dir/<name>.sock, one worker (or
 * `workers`), with `args` added to its command line. Resolves when the
 * socket exists (bounded). wrap: a command that runs the program (e.g.
 * prlimit with its options; it must exec it, keeping the pid). Returns { proc, socket, log() (stderr and the
 * instance's sanitizer reports), stop() → Promise<{ code, signal }> }.
 */
export async function startProgram(name, { config = CONFIG, dir, timeoutMs = 10000, workers = 1, args = [], wrap = [] } = {}) {
  const socket = path.join(dir, `${name}.sock`);
  const logFile = path.join(dir, `${name}.log`);
  const logFd = fs.openSync(logFile, 'a');
  const sanitizers = instanceSanitizers(`${name}-${path.basename(dir)}`);
  const argv = [programPath(name), '--config', config, '--socket', socket, '--workers', String(workers), ...args];
  const cmd = [...wrap, ...argv];
  const proc = spawn(cmd[0], cmd.slice(1), {
    stdio: ['ignore', logFd, logFd],
    env: { ...process.env, ...sanitizers.env },
  });
  fs.closeSync(logFd);
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  let gone = null;
  exited.then((r) => { gone = r; });
  const log = () => {
    let text = '';
    try { text = fs.readFileSync(logFile, 'utf8'); } catch { /* not written yet */ }
    return text + sanitizers.reports();
  };
  const t0 = Date.now();
  while (!fs.existsSync(socket)) {
    if (gone) throw new Error(`${name} exited early (${JSON.stringify(gone)}):\n${log()}`);
    if (Date.now() - t0 > timeoutMs) {
      proc.kill('SIGKILL');
      throw new Error(`${name} did not create ${socket} within ${timeoutMs} ms:\n${log()}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const stop = async (signal = 'SIGTERM', waitMs = 10000) => {
    if (!gone) proc.kill(signal);
    const timer = setTimeout(() => { if (!gone) proc.kill('SIGKILL'); }, waitMs);
    const r = await exited;
    clearTimeout(timer);
    return r;
  };
  return { proc, socket, log, stop, exited };
}

/**
 * One FastCGI request with cgi-fcgi. params: CGI variables (REQUEST_METHOD,
 * DOCUMENT_URI, …); body: stdin (string or Buffer). Returns
 * { status, headers: [[name, value]], header(name), all(name), body, raw }.
 */
export function fcgiRequest(socket, params, body = '') {
  const env = { REQUEST_METHOD: 'GET', QUERY_STRING: '', SERVER_PROTOCOL: 'HTTP/1.1', GATEWAY_INTERFACE: 'CGI/1.1', ...params };
  if (!env.REQUEST_URI) env.REQUEST_URI = env.DOCUMENT_URI + (env.QUERY_STRING ? `?${env.QUERY_STRING}` : '');
  // stdin from a file: cgi-fcgi may stop reading early (bad CONTENT_LENGTH),
  // which would break a pipe.
  const inDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-fcgi-in-'));
  const inFile = path.join(inDir, 'body');
  fs.writeFileSync(inFile, body);
  const fd = fs.openSync(inFile, 'r');
  let r;
  try {
    r = spawnSync('cgi-fcgi', ['-bind', '-connect', socket], {
      env, stdio: [fd, 'pipe', 'pipe'], timeout: 15000, maxBuffer: 16 << 20,
    });
  } finally {
    fs.closeSync(fd);
    fs.rmSync(inDir, { recursive: true, force: true });
  }
  if (r.error) throw r.error;
  const raw = r.stdout.toString('utf8');
  const m = /\r?\n\r?\n/.exec(raw);
  const headText = m ? raw.slice(0, m.index) : raw;
  const bodyText = m ? raw.slice(m.index + m[0].length) : '';
  const headers = headText.split(/\r?\n/).filter(Boolean).map((l) => {
    const i = l.indexOf(':');
    return [l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim()];
  });
  const all = (n) => headers.filter(([k]) => k === n.toLowerCase()).map(([, v]) => v);
  const header = (n) => { const a = all(n); return a.length ? a[0] : null; };
  const st = header('status');
  return { status: st ? Number(st.split(' ')[0]) : 200, headers, header, all, body: bodyText, raw, exitCode: r.status, stderr: r.stderr.toString() };
}
