// The whole scale-out layout in one call, for the cluster test and its
// benchmark (bench/cluster.sh): the Galera cluster, the schema and the demo
// data, two app hosts (host a on node 1 with the daemons, host b on node 2)
// and nginx with an upstream over both.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { configWith } from '../lib/mariadb.mjs';
import { rowsOf } from '../lib/stack.mjs';
import { startCluster } from './galera.mjs';
import { deleteNamespaces, makeNamespaces, programPorts, startHost, startNginx, stopHost } from './hosts.mjs';

/**
 * Starts everything under dir (emptied first). admin: the mimamori-admin
 * binary (the programs are taken from its directory). workers: per program
 * and host. Every pid, namespace and link goes to dir/state first, for a
 * teardown after a crash. Returns { cluster, hosts, ports, nginx, store,
 * admin(...args), sql(text) on node 1, sqlOn(node, text), startApp(host),
 * stop() } — stop() ends every process and deletes the namespaces, keeping
 * the files.
 */
export async function startClusterStack({ dir, admin: adminBin, workers = 2, log = () => {} }) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const state = path.join(dir, 'state');
  fs.writeFileSync(state, '');
  const record = (line) => fs.appendFileSync(state, `${line}\n`);
  const s = { dir, hosts: [], nginx: null, cluster: null };
  s.stop = async () => {
    if (s.nginx) await s.nginx.stop();
    for (const h of s.hosts) await stopHost(h, 'SIGTERM');
    deleteNamespaces(s.hosts);
    if (s.cluster) await s.cluster.stop();
  };
  try {
    const t0 = Date.now();
    s.cluster = await startCluster(path.join(dir, 'galera'), { record });
    log(`cluster of 3 synced in ${Date.now() - t0} ms`);
    const password = randomBytes(16).toString('hex');
    s.cluster.sql(1, `CREATE DATABASE mimamori CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE USER 'mimamori'@'localhost' IDENTIFIED BY '${password}';
GRANT ALL PRIVILEGES ON mimamori.* TO 'mimamori'@'localhost';`);
    s.store = path.join(dir, 'attachments');
    fs.mkdirSync(s.store, { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'clock-offset'), '0\n');
    const webDir = path.join(dir, 'web');
    const common = {
      'Clock.OffsetFile': path.join(dir, 'clock-offset'),
      'Db.Host': '', 'Db.Password': password, 'Db.SyncWait': '1',
      // one store for both hosts, on the filesystem of nginx's body files
      'Paths.Attachments': s.store,
      'Paths.UploadTmp': path.join(webDir, 'nginx', 'client_body'),
    };
    const adminConfig = configWith(dir, 'admin.hdf', { ...common, 'Db.Socket': s.cluster.nodes[0].socket });
    s.admin = (...args) => execFileSync(adminBin, ['--config', adminConfig, ...args],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300000 });
    s.admin('migrate', '--dir', path.join(process.cwd(), 'sql'));
    s.admin('demo');
    s.admin('points-rollover');
    s.sqlOn = (node, text) => rowsOf(s.cluster.sql(node, `SET SESSION wsrep_sync_wait = 1; USE mimamori;\n${text}`));
    s.sql = (text) => s.sqlOn(1, text);

    const tag = `mmc${(process.pid % 10000).toString(36)}`;
    s.hosts = makeNamespaces(tag, ['a', 'b'], record);
    s.ports = await programPorts();
    fs.mkdirSync(path.join(webDir, 'nginx', 'client_body'), { recursive: true });
    s.nginx = await startNginx(webDir, s.hosts, s.ports);
    record(`nginx ${s.nginx.pidFile}`);
    const nodeOf = { a: 1, b: 2 };
    for (const h of s.hosts) {
      h.config = configWith(dir, `host-${h.name}.hdf`, { ...common, 'Db.Socket': s.cluster.nodes[nodeOf[h.name] - 1].socket, 'Site.BaseURL': s.nginx.base });
    }
    const logDir = path.join(dir, 'log');
    s.startApp = (h) => startHost(h, { build: path.dirname(adminBin), config: h.config, ports: s.ports, logDir, workers, daemons: h.name === 'a', record });
    for (const h of s.hosts) await s.startApp(h);
    log(`hosts ${s.hosts.map((h) => `${h.name}=${h.addr}`).join(' ')}, nginx ${s.nginx.base}`);
    s.record = record;
    return s;
  } catch (e) {
    await s.stop();
    throw e;
  }
}
