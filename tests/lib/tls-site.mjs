// A private nginx serving the production site sample (through
// tools/nginx-local-site) on loopback ports: for the TLS and installation
// tests. Also a small HTTPS client that trusts a given CA.

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { freePort, waitFor } from './mariadb.mjs';

const ROOT = process.cwd();
export const SAMPLE = path.join(ROOT, 'nginx/mimamori.conf.sample');
export const GENERATOR = path.join(ROOT, 'tools/nginx-local-site');

/**
 * Starts nginx -g 'daemon off;' on the site made from sample; the programs'
 * sockets are run/<area>.sock. Picks free ports again when one was taken
 * meanwhile. Returns { port, httpPort, conf, log(), stop() }.
 */
export async function startSite({ dir, run, www, cert, key, sample = SAMPLE, noRateLimits = false }) {
  const log = path.join(dir, 'log');
  const conf = path.join(dir, 'nginx.conf');
  fs.mkdirSync(path.join(dir, 'nginx'), { recursive: true });
  for (let attempt = 0; ; attempt += 1) {
    const port = await freePort();
    const httpPort = await freePort();
    const args = ['--sample', sample, '--out', conf, '--port', String(port), '--http-port', String(httpPort),
      '--run', run, '--var', dir, '--www', www, '--log', log, '--cert', cert, '--key', key];
    // as root the workers would be nobody, who cannot enter the private temp dirs
    if (process.getuid && process.getuid() === 0) args.push('--user-line', 'user root root;');
    if (noRateLimits) args.push('--no-rate-limits');
    execFileSync(GENERATOR, args, { stdio: 'pipe' });
    const errLog = path.join(log, 'nginx-error.log');
    const mark = fs.existsSync(errLog) ? fs.statSync(errLog).size : 0;
    const proc = spawn('nginx', ['-c', conf, '-p', path.join(dir, 'nginx') + '/', '-e', errLog, '-g', 'daemon off;'],
      { stdio: 'ignore' });
    let gone = null;
    const exited = new Promise((resolve) => proc.on('exit', (code, signal) => { gone = { code, signal }; resolve(gone); }));
    const listening = () => new Promise((resolve) => {
      const req = http.get({ host: '127.0.0.1', port: httpPort, path: '/' }, (res) => { res.resume(); resolve(true); });
      req.on('error', () => resolve(false));
    });
    try {
      await waitFor(async () => {
        if (gone) throw new Error(`nginx exited ${JSON.stringify(gone)}`);
        return listening();
      }, 20000, 'nginx to listen');
    } catch (e) {
      proc.kill('SIGKILL');
      const text = fs.existsSync(errLog) ? fs.readFileSync(errLog, 'utf8').slice(mark) : '';
      if (attempt < 5 && /Address already in use/.test(text)) continue;
      throw new Error(`${e.message}\n${text}`);
    }
    const stop = async () => {
      if (!gone) proc.kill('SIGQUIT');
      const timer = setTimeout(() => { if (!gone) proc.kill('SIGKILL'); }, 15000);
      await exited;
      clearTimeout(timer);
    };
    return { port, httpPort, conf, log: () => fs.readFileSync(errLog, 'utf8'), stop };
  }
}

/**
 * One HTTPS request to 127.0.0.1:port trusting ca; resolves { status,
 * headers (lower-case names, arrays for set-cookie), rawHeaders, body, tls }.
 */
export function httpsRequest(port, ca, method, uri, { headers = {}, body, servername, tls = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = https.request({
      host: '127.0.0.1', port, method, path: uri, ca: ca ? fs.readFileSync(ca) : undefined,
      servername, headers: { ...headers, ...(body !== undefined ? { 'content-length': Buffer.byteLength(body) } : {}) },
      agent: false, ...tls,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode, headers: res.headers, rawHeaders: res.rawHeaders,
        body: Buffer.concat(chunks).toString('utf8'),
        tls: { protocol: res.socket.getProtocol?.(), cipher: res.socket.getCipher?.() },
      }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Plain HTTP request to 127.0.0.1:port (the redirect server). */
export function httpRequest(port, uri) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: uri, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers }));
    });
    req.on('error', reject);
  });
}

/** A cookie-keeping HTTPS client for one site (what a browser does). */
export class TlsClient {
  constructor(port, ca) {
    this.port = port;
    this.ca = ca;
    this.jar = new Map();
    this.cookies = [];	// every Set-Cookie line seen
  }

  async request(method, uri, fields) {
    const headers = {};
    if (this.jar.size) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    let body;
    if (fields) {
      body = new URLSearchParams(fields).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await httpsRequest(this.port, this.ca, method, uri, { headers, body });
    for (const line of res.headers['set-cookie'] || []) {
      this.cookies.push(line);
      const [pair, ...attrs] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (value === '' || attrs.some((a) => /^\s*max-age=0\s*$/i.test(a))) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return res;
  }

  get(uri) { return this.request('GET', uri); }

  post(uri, fields) { return this.request('POST', uri, fields); }
}

/**
 * The lines of a site that set TLS, headers and cookies (add_header,
 * ssl_*, fastcgi_hide_header, proxy_cookie_*, the HTTPS parameter), in
 * order, comments dropped, indentation ignored; certificate paths reduced
 * to the directive name (they are the one thing a site must change).
 */
export function securityLines(text) {
  return text.split('\n').map((l) => l.trim())
    .filter((l) => /^(add_header|ssl_[a-z_]+|fastcgi_hide_header|proxy_cookie_[a-z]+|fastcgi_param\s+HTTPS\b)\s/.test(l))
    .map((l) => (/^ssl_(certificate|certificate_key|trusted_certificate)\s/.test(l) ? l.split(/\s+/)[0] : l.replace(/\s+/g, ' ')));
}
