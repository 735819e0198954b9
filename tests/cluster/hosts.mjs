// "App hosts" for the scale-out test: each is a network namespace made by
// the test (a veth pair, a private /30 the test picked), running every
// FastCGI program on TCP at its address, and one nginx on the root
// namespace's loopback with an upstream over the hosts. Only the network is
// private: the namespaces share the filesystem, so the programs reach their
// database node over its Unix socket and the attachment store is one
// directory for both hosts (as a shared mount would be in production).

import { spawn, spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, waitFor } from '../lib/mariadb.mjs';
import { ROOT } from '../lib/nginx.mjs';

export const PROGRAMS = ['auth', 'dashboard', 'account', 'signup', 'cases', 'ingest', 'points', 'knowledge', 'history'];
export const DAEMONS = ['notifier', 'scheduler'];

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p)) || 'nginx';

function ip(...args) {
  execFileSync('ip', args, { stdio: 'pipe' });
}

/** A 10.x.y.0/30 not on any interface now (x, y random). */
function freeSubnet(taken) {
  const used = spawnSync('ip', ['-4', '-o', 'addr'], { encoding: 'utf8' }).stdout;
  for (;;) {
    const x = 200 + Math.floor(Math.random() * 50);
    const y = Math.floor(Math.random() * 64) * 4;
    const net = `10.${x}.${y}`;
    if (!used.includes(` ${net}.`) && !taken.has(net)) { taken.add(net); return net; }
  }
}

/**
 * Creates the namespaces of the hosts (names tag-a, tag-b…). record(line)
 * hears "netns NAME" and "link NAME" before each is made, so that a teardown
 * after a crash finds them. Returns [{ name, ns, addr, peer }].
 */
export function makeNamespaces(tag, names, record) {
  const taken = new Set();
  return names.map((name, k) => {
    const ns = `${tag}-${name}`;
    const net = freeSubnet(taken);
    const outer = `${tag}${k}o`.slice(-15);
    const inner = `${tag}${k}i`.slice(-15);
    record(`netns ${ns}`);
    ip('netns', 'add', ns);
    record(`link ${outer}`);
    ip('link', 'add', outer, 'type', 'veth', 'peer', 'name', inner);
    ip('link', 'set', inner, 'netns', ns);
    ip('addr', 'add', `${net}.1/30`, 'dev', outer);
    ip('link', 'set', outer, 'up');
    ip('netns', 'exec', ns, 'ip', 'addr', 'add', `${net}.2/30`, 'dev', inner);
    ip('netns', 'exec', ns, 'ip', 'link', 'set', inner, 'up');
    ip('netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up');
    return { name, ns, addr: `${net}.2`, peer: `${net}.1`, link: outer };
  });
}

export function deleteNamespaces(hosts) {
  for (const h of hosts) {
    spawnSync('ip', ['link', 'del', h.link], { stdio: 'ignore' });
    spawnSync('ip', ['netns', 'del', h.ns], { stdio: 'ignore' });
  }
}

/**
 * Starts every program (and the daemons when asked) of one host inside its
 * namespace: program NAME listens on host.addr:ports[NAME]. config: the
 * host's configuration file. Resolves once every port answers.
 */
export async function startHost(host, { build, config, ports, logDir, workers = 2, daemons = false, record = () => {} }) {
  host.procs = host.procs || {};
  fs.mkdirSync(logDir, { recursive: true });
  const start = (name, args) => {
    const logFd = fs.openSync(path.join(logDir, `${host.name}-${name}.log`), 'a');
    const proc = spawn('ip', ['netns', 'exec', host.ns, path.join(build, `mimamori-${name}`), '--config', config, ...args],
      { stdio: ['ignore', logFd, logFd], detached: true });
    fs.closeSync(logFd);
    const p = { proc, gone: null };
    p.exited = new Promise((resolve) => proc.on('exit', (code, signal) => { p.gone = { code, signal }; resolve(p.gone); }));
    record(`pid ${proc.pid}`);
    host.procs[name] = p;
  };
  for (const name of PROGRAMS) {
    start(name, ['--socket', `${host.addr}:${ports[name]}`, '--workers', String(workers),
      '--pidfile', path.join(logDir, `${host.name}-${name}.pid`)]);
  }
  if (daemons) {
    for (const name of DAEMONS) start(name, ['--pidfile', path.join(logDir, `${host.name}-${name}.pid`)]);
  }
  // a port is ready when a connection to it from the root namespace opens
  for (const name of PROGRAMS) {
    await waitFor(() => {
      const p = host.procs[name];
      if (p.gone) throw new Error(`${host.name}: mimamori-${name} exited ${JSON.stringify(p.gone)}:\n${fs.readFileSync(path.join(logDir, `${host.name}-${name}.log`), 'utf8').slice(-2000)}`);
      return spawnSync('bash', ['-c', `exec 3<>/dev/tcp/${host.addr}/${ports[name]}`], { stdio: 'ignore' }).status === 0;
    }, 60000, `${host.name} ${name} to listen`);
  }
}

/** SIGTERM to every process of the host (a worker finishes its request). */
export async function stopHost(host, signal = 'SIGTERM') {
  const all = Object.values(host.procs || {});
  for (const p of all) if (!p.gone) p.proc.kill(signal);
  const exits = {};
  for (const [name, p] of Object.entries(host.procs || {})) {
    const timer = setTimeout(() => { if (!p.gone) p.proc.kill('SIGKILL'); }, 20000);
    exits[name] = await p.exited;
    clearTimeout(timer);
  }
  host.procs = {};
  return exits;
}

/** A port per program, the same on every host (each host has its own address). */
export async function programPorts() {
  const ports = {};
  for (const name of PROGRAMS) ports[name] = await freePort();
  return ports;
}

/**
 * nginx on 127.0.0.1 (free port) with the stack's own configuration, each
 * program's Unix socket replaced by an upstream over the hosts. Every answer
 * says which host served it (X-MM-Upstream), for the test only.
 */
export async function startNginx(dir, hosts, ports) {
  fs.mkdirSync(path.join(dir, 'nginx'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'log'), { recursive: true });
  const errLog = path.join(dir, 'log', 'nginx-error.log');
  const upstreams = PROGRAMS.map((name) => `    upstream mm_${name} {\n${hosts.map((h) =>
    `        server ${h.addr}:${ports[name]} max_fails=1 fail_timeout=2s;\n`).join('')}    }\n`).join('');
  const locations = PROGRAMS.map((name) => {
    const own = `        location /${name}/ {\n            fastcgi_pass mm_${name};\n        }\n`;
    return name === 'auth' || name === 'ingest' ? own
      : `${own}        location /staff/${name}/ {\n            fastcgi_pass mm_${name};\n        }\n`;
  }).join('');
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    let text = fs.readFileSync(path.join(ROOT, 'nginx/dev.conf.in'), 'utf8');
    const values = { USER_LINE: 'user root root;', APP_LOCATIONS: locations, VAR: dir, RUN: dir, WWW: path.join(ROOT, 'www'), PORT: String(port) };
    for (const [k, v] of Object.entries(values)) text = text.split(`@${k}@`).join(v);
    text = text.replace(/fastcgi_pass unix:[^;]*\/([a-z]+)\.sock;/g, 'fastcgi_pass mm_$1;');
    // the test's database checks block its event loop for longer than
    // nginx's 30 s: the client would then reuse a connection nginx closed
    text = text.replace(/keepalive_timeout 30s;/, 'keepalive_timeout 900s;');
    text = text.replace(/\n    server \{\n/, `\n${upstreams}\n    server {\n        add_header X-MM-Upstream $upstream_addr always;\n`);
    const conf = path.join(dir, 'nginx.conf');
    fs.writeFileSync(conf, text);
    const r = spawnSync(NGINX, ['-c', conf, '-p', `${path.join(dir, 'nginx')}/`, '-e', errLog], { encoding: 'utf8' });
    if (r.status === 0) {
      const pidFile = path.join(dir, 'nginx', 'nginx.pid');
      const stop = async () => {
        let pid;
        try { pid = Number(fs.readFileSync(pidFile, 'utf8').trim()); } catch { return; }
        try { process.kill(pid, 'SIGTERM'); } catch { return; }
        await waitFor(() => { try { process.kill(pid, 0); return false; } catch { return true; } }, 15000, 'nginx to stop')
          .catch(() => process.kill(pid, 'SIGKILL'));
      };
      return { base: `http://127.0.0.1:${port}`, port, pidFile, stop };
    }
    if (!/Address already in use/.test(r.stderr) || attempt >= 10) {
      throw new Error(`nginx did not start: ${r.stderr}\n${fs.existsSync(errLog) ? fs.readFileSync(errLog, 'utf8') : ''}`);
    }
  }
}
