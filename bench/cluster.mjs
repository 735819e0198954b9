// Throughput of one vs two app hosts on the 3-node Galera cluster:
// the layout of tests/cluster/ (bench/cluster.sh sets the environment),
// wrk on the authenticated home page and the case list through an nginx
// whose upstreams list both hosts, and through a second nginx that lists
// host a only; nginx's 2 KB static file is the yardstick of the same run.
// Also the CPU time per request of each host's programs and of the nodes.
// Prints a Markdown table; everything stops afterwards, the files stay.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADMIN, Client } from '../tests/lib/http.mjs';
import { startClusterStack } from '../tests/cluster/stack.mjs';
import { startNginx } from '../tests/cluster/hosts.mjs';

const DIR = path.resolve(process.env.MM_CLUSTER_DIR);
const DURATION = process.env.BENCH_DURATION || '10s';
const CONNS = process.env.BENCH_CONNECTIONS || '64';
const WORKERS = Number(process.env.BENCH_WORKERS || 4);

// clock ticks (user + system) of a process and its descendants
function treeTicks(pid) {
  let t = 0;
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    t += Number(f[11]) + Number(f[12]);
    const kids = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    for (const k of kids) t += treeTicks(Number(k));
  } catch { /* gone */ }
  return t;
}

function wrk(url, cookie) {
  const out = execFileSync('wrk', ['-t2', `-c${CONNS}`, `-d${DURATION}`, '--latency', ...(cookie ? ['-H', `Cookie: ${cookie}`] : []), url],
    { encoding: 'utf8', timeout: 600000 });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] || 0);
  const ms = (v) => (v.endsWith('us') ? parseFloat(v) / 1000 : v.endsWith('ms') ? parseFloat(v) : parseFloat(v) * 1000);
  const p50 = ms(/^\s+50%\s+(\S+)/m.exec(out)?.[1] || '0');
  const p99 = ms(/^\s+99%\s+(\S+)/m.exec(out)?.[1] || '0');
  const total = Number(/(\d+) requests in/.exec(out)?.[1] || 0);
  const bad = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] || 0);
  return { rps, p50, p99, total, bad };
}

const s = await startClusterStack({ dir: DIR, admin: ADMIN, workers: WORKERS, log: (m) => console.error(m) });
try {
  const one = await startNginx(path.join(DIR, 'web-one-host'), [s.hosts[0]], s.ports);
  s.record(`nginx ${one.pidFile}`);
  try {
    const c = new Client(s.nginx.base);
    const r = await c.login('admin-a@example.com', 'Demo#Mimamori26');
    if (r.status !== 303) throw new Error(`login: ${r.status}`);
    const cookie = c.cookieHeader();
    const hostPids = (h) => Object.values(h.procs).map((p) => p.proc.pid);
    const nodePids = s.cluster.nodes.map((n) => n.proc.pid);
    const rows = [];
    for (const [label, base] of [['two hosts', s.nginx.base], ['one host', one.base]]) {
      const st = wrk(`${base}/static/bench-2k.txt`);
      rows.push({ label, what: 'static 2 KB', ...st, ratio: 1 });
      for (const [what, p] of [['home page', '/'], ['case list', '/cases/']]) {
        const before = { a: s.hosts.map((h) => hostPids(h).reduce((t, pid) => t + treeTicks(pid), 0)), db: nodePids.reduce((t, pid) => t + treeTicks(pid), 0) };
        const w = wrk(`${base}${p}`, cookie);
        const after = { a: s.hosts.map((h) => hostPids(h).reduce((t, pid) => t + treeTicks(pid), 0)), db: nodePids.reduce((t, pid) => t + treeTicks(pid), 0) };
        const us = (d) => (w.total ? Math.round((d * 10000) / w.total) : 0); // 100 ticks/s → µs per request
        rows.push({ label, what, ...w, ratio: w.rps / st.rps, cpuA: us(after.a[0] - before.a[0]), cpuB: us(after.a[1] - before.a[1]), cpuDb: us(after.db - before.db) });
      }
    }
    const load = os.loadavg().map((v) => v.toFixed(1)).join(' ');
    console.log(`${DURATION} per row, ${CONNS} connections, ${WORKERS} workers per program and host; load average after: ${load}\n`);
    console.log('| upstream | what | req/s | p50 ms | p99 ms | ratio to static | non-2xx/3xx | CPU µs/req host a | host b | Galera nodes |');
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const x of rows) {
      console.log(`| ${x.label} | ${x.what} | ${x.rps.toFixed(0)} | ${x.p50.toFixed(2)} | ${x.p99.toFixed(2)} | ${x.ratio.toFixed(3)} | ${x.bad} | ${x.cpuA ?? ''} | ${x.cpuB ?? ''} | ${x.cpuDb ?? ''} |`);
    }
  } finally {
    await one.stop();
  }
} finally {
  await s.stop();
}
