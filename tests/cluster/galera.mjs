// A 3-node MariaDB Galera cluster on loopback for the scale-out test: each
// node has its own data dir, Unix socket, client port, group port, IST and
// SST ports (all chosen free at run time) and runs as user mysql (rsync SST
// refuses root). Node 1 bootstraps; 2 and 3 join by SST. A node killed with
// SIGKILL is recovered with --wsrep-recover and started at the recovered
// position, so that it catches up by IST instead of a full copy.

import { spawn, spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, waitFor } from '../lib/mariadb.mjs';

const PROVIDER = '/usr/lib/galera/libgalera_smm.so';
const MYSQL_USER = 'mysql';

function chownMysql(p) {
  execFileSync('chown', ['-R', `${MYSQL_USER}:`, p]);
}

/** Status variables of a node (SHOW GLOBAL STATUS LIKE 'wsrep%') as an object. */
function wsrepStatus(node) {
  const out = spawnSync('mariadb', ['--no-defaults', `--socket=${node.socket}`, '-uroot', '--batch',
    '--skip-column-names', '--connect-timeout=2', '-e', "SHOW GLOBAL STATUS LIKE 'wsrep%'"], { encoding: 'utf8', timeout: 10000 });
  if (out.status !== 0) return null;
  const st = {};
  for (const line of out.stdout.split('\n')) {
    const [k, v] = line.split('\t');
    if (k) st[k] = v;
  }
  return st;
}

/** Node i (1-based) of a cluster whose files live under dir. */
function nodeOf(cluster, i) {
  const dir = path.join(cluster.dir, `n${i}`);
  return {
    i, dir,
    data: path.join(dir, 'db'),
    socket: path.join(dir, 'db.sock'),
    errLog: path.join(dir, 'mariadb.err'),
    pidFile: path.join(dir, 'mariadb.pid'),
    proc: null,
    gone: null,
  };
}

function serverArgs(cluster, node, extra = []) {
  const p = cluster.ports[node.i - 1];
  const peers = cluster.ports.map((q) => `127.0.0.1:${q.group}`).join(',');
  return ['--no-defaults', `--datadir=${node.data}`, `--socket=${node.socket}`, `--user=${MYSQL_USER}`,
    `--pid-file=${node.pidFile}`, `--log-error=${node.errLog}`, `--tmpdir=${node.dir}`,
    '--bind-address=127.0.0.1', `--port=${p.sql}`, '--skip-name-resolve',
    '--character-set-server=utf8mb4', '--collation-server=utf8mb4_general_ci',
    '--innodb-flush-log-at-trx-commit=2', '--innodb-buffer-pool-size=32M', '--innodb-log-file-size=16M',
    '--binlog-format=ROW', '--innodb-autoinc-lock-mode=2', '--default-storage-engine=InnoDB',
    '--wsrep-on=ON', `--wsrep-provider=${PROVIDER}`, '--wsrep-cluster-name=mimamori-test',
    `--wsrep-node-name=n${node.i}`, `--wsrep-node-address=127.0.0.1:${p.group}`,
    `--wsrep-cluster-address=gcomm://${peers}`,
    `--wsrep-provider-options=gmcast.listen_addr=tcp://127.0.0.1:${p.group};ist.recv_addr=127.0.0.1:${p.ist};gcache.size=64M`,
    '--wsrep-sst-method=rsync', `--wsrep-sst-receive-address=127.0.0.1:${p.sst}`,
    '--wsrep-mode=REQUIRED_PRIMARY_KEY,STRICT_REPLICATION',
    '--wsrep-slave-threads=2',
    // the migrations create triggers, which a server that logs binary
    // events refuses to a non-SUPER account otherwise (docs/deploy.md §4)
    '--log-bin-trust-function-creators=1', ...extra];
}

function spawnNode(cluster, node, extra) {
  const proc = spawn('mariadbd', serverArgs(cluster, node, extra), { stdio: 'ignore', detached: true });
  node.proc = proc;
  node.gone = null;
  node.exited = new Promise((resolve) => proc.on('exit', (code, signal) => { node.gone = { code, signal }; resolve(node.gone); }));
  cluster.record(`pid ${proc.pid}`);
}

function errTail(node) {
  try { return fs.readFileSync(node.errLog, 'utf8').split('\n').slice(-40).join('\n'); } catch { return ''; }
}

async function waitSynced(cluster, node, ms = 180000) {
  await waitFor(() => {
    if (node.gone) throw new Error(`node ${node.i} exited (${JSON.stringify(node.gone)}):\n${errTail(node)}`);
    const st = wsrepStatus(node);
    return st && st.wsrep_ready === 'ON' && st.wsrep_local_state_comment === 'Synced';
  }, ms, `node ${node.i} to be Synced`);
}

/**
 * Makes and starts the cluster under dir. record(line) is told every pid
 * (the suite's teardown stops whatever is left). Returns the cluster:
 * { nodes, sql(i, text) → stdout, size(i), kill(i), recoverAndStart(i) → { ist },
 *   waitAllSynced(), stop() }.
 */
export async function startCluster(dir, { record = () => {} } = {}) {
  fs.mkdirSync(dir, { recursive: true });
  const cluster = { dir, record, ports: [] };
  for (let i = 0; i < 3; i++) {
    cluster.ports.push({ sql: await freePort(), group: await freePort(), ist: await freePort(), sst: await freePort() });
  }
  cluster.nodes = [1, 2, 3].map((i) => nodeOf(cluster, i));
  for (const node of cluster.nodes) {
    fs.mkdirSync(node.dir, { recursive: true });
    chownMysql(node.dir);
    // its own tmpdir: a mariadbd starting deletes the #sql files of its
    // tmpdir, in a shared /tmp another install's temporary tables
    execFileSync('mariadb-install-db', ['--no-defaults', `--datadir=${node.data}`, `--tmpdir=${node.dir}`,
      `--user=${MYSQL_USER}`,
      '--auth-root-authentication-method=normal', '--skip-test-db'], { stdio: 'pipe' });
  }
  cluster.sql = (i, text) => execFileSync('mariadb', ['--no-defaults', `--socket=${cluster.nodes[i - 1].socket}`, '-uroot',
    '--batch', '--skip-column-names', '-e', text], { encoding: 'utf8', timeout: 60000 });
  cluster.status = (i) => wsrepStatus(cluster.nodes[i - 1]);
  cluster.waitAllSynced = async (ms) => {
    for (const n of cluster.nodes) await waitSynced(cluster, n, ms);
    await waitFor(() => cluster.nodes.every((n) => wsrepStatus(n)?.wsrep_cluster_size === '3'), 60000, 'a cluster of 3');
  };

  spawnNode(cluster, cluster.nodes[0], ['--wsrep-new-cluster']);
  await waitSynced(cluster, cluster.nodes[0]);
  // one joiner at a time: both would ask node 1 for a full copy at once
  for (const node of cluster.nodes.slice(1)) {
    spawnNode(cluster, node, []);
    await waitSynced(cluster, node);
  }
  await cluster.waitAllSynced();

  cluster.kill = async (i) => {
    const node = cluster.nodes[i - 1];
    node.proc.kill('SIGKILL');
    await node.exited;
  };

  /** --wsrep-recover, then start at the recovered position; resolves once
   * Synced. ist: whether the error log shows an IST (not an SST) this time. */
  cluster.recoverAndStart = async (i) => {
    const node = cluster.nodes[i - 1];
    const mark = fs.statSync(node.errLog).size;
    const rec = spawnSync('mariadbd', serverArgs(cluster, node, ['--wsrep-recover', `--log-error=${node.errLog}`]),
      { encoding: 'utf8', timeout: 120000 });
    const recLog = fs.readFileSync(node.errLog, 'utf8').slice(mark);
    const m = /WSREP: Recovered position:? *([0-9a-f-]+:-?\d+)/.exec(recLog);
    if (rec.status !== 0 || !m) throw new Error(`--wsrep-recover of node ${i} failed (exit ${rec.status}):\n${recLog.slice(-3000)}`);
    const startMark = fs.statSync(node.errLog).size;
    spawnNode(cluster, node, [`--wsrep-start-position=${m[1]}`]);
    await waitSynced(cluster, node);
    const log = fs.readFileSync(node.errLog, 'utf8').slice(startMark);
    return {
      position: m[1],
      // rsync's joiner script runs either way; it says which it did
      ist: /IST received/.test(log) && /rsync IST completed/.test(log) && !/rsync SST completed/.test(log),
      log,
    };
  };

  cluster.stop = async () => {
    // the last one first: a clean shutdown leaves each node with a recorded
    // position, and node 1 never waits for peers that went away
    for (const node of [...cluster.nodes].reverse()) {
      if (!node.proc || node.gone) continue;
      node.proc.kill('SIGTERM');
      const timer = setTimeout(() => { if (!node.gone) node.proc.kill('SIGKILL'); }, 60000);
      await node.exited;
      clearTimeout(timer);
    }
  };
  return cluster;
}
