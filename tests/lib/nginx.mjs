// A private nginx for tests that must not touch the shared stack: the stack's
// own configuration (nginx/dev.conf.in) with its placeholders filled in for
// a temp dir, on a free loopback port, in front of program sockets the test
// started itself (tests/lib/fcgi.mjs). The dashboard's locations (/ and
// everything else → dir/dashboard.sock) always exist; other areas' only
// when asked for.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p)) || 'nginx';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** location blocks of programs (names) whose sockets are dir/NAME.sock */
function appLocations(dir, programs) {
  return programs.map((name) => {
    const pass = `fastcgi_pass unix:${path.join(dir, `${name}.sock`)};`;
    const own = `        location /${name}/ {\n            ${pass}\n        }\n`;
    return name === 'auth' || name === 'ingest' ? own
      : `${own}        location /staff/${name}/ {\n            ${pass}\n        }\n`;
  }).join('');
}

function writeConf(dir, port, programs = []) {
  let text = fs.readFileSync(path.join(ROOT, 'nginx/dev.conf.in'), 'utf8');
  const values = {
    // loopback only; as root the workers keep root's identity so that they
    // reach the test's temp dir whatever its owner
    USER_LINE: process.getuid && process.getuid() === 0 ? 'user root root;' : '',
    APP_LOCATIONS: appLocations(dir, programs),
    VAR: dir,
    RUN: dir,
    WWW: path.join(ROOT, 'www'),
    PORT: String(port),
  };
  for (const [k, v] of Object.entries(values)) text = text.split(`@${k}@`).join(v);
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, text);
  return conf;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts nginx for dir (its sockets, logs and temp files all in dir), with
 * the locations of the given programs besides the dashboard's.
 * Returns { base, log(name), stop() }.
 */
export async function startNginx(dir, { programs = [] } = {}) {
  fs.mkdirSync(path.join(dir, 'nginx'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'log'), { recursive: true });
  const errLog = path.join(dir, 'log', 'nginx-error.log');
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const conf = writeConf(dir, port, programs);
    const r = spawnSync(NGINX, ['-c', conf, '-p', `${path.join(dir, 'nginx')}/`, '-e', errLog], { encoding: 'utf8' });
    if (r.status === 0) {
      const pidFile = path.join(dir, 'nginx', 'nginx.pid');
      const stop = async () => {
        let pid;
        try { pid = Number(fs.readFileSync(pidFile, 'utf8').trim()); } catch { return; }
        try { process.kill(pid, 'SIGTERM'); } catch { return; }
        const deadline = Date.now() + 10000;
        for (;;) {
          try { process.kill(pid, 0); } catch { return; }
          if (Date.now() > deadline) { process.kill(pid, 'SIGKILL'); return; }
          await sleep(20);
        }
      };
      const log = (name) => { try { return fs.readFileSync(path.join(dir, 'log', name), 'utf8'); } catch { return ''; } };
      return { base: `http://127.0.0.1:${port}`, log, stop };
    }
    // someone took the port between the check and nginx's bind: pick again
    if (!/Address already in use/.test(r.stderr) || attempt >= 10) {
      throw new Error(`nginx did not start: ${r.stderr}\n${fs.existsSync(errLog) ? fs.readFileSync(errLog, 'utf8') : ''}`);
    }
  }
}

/**
 * Connections waiting in the listen queue of the unix socket at path (what
 * `ss` reports as Recv-Q of a listening socket), or -1 when it is not found.
 */
export function listenQueue(socketPath) {
  const r = spawnSync('ss', ['-xlnH'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ss failed: ${r.stderr}`);
  for (const line of r.stdout.split('\n')) {
    const f = line.trim().split(/\s+/);
    // u_str LISTEN <recv-q> <send-q> <path> <inode> * 0
    if (f.length >= 5 && f[4] === socketPath) return Number(f[2]);
  }
  return -1;
}
