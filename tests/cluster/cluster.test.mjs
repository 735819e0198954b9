// Scale-out (X-6): two app hosts behind one nginx upstream on a 3-node
// Galera cluster, under load, through a database node killed with SIGKILL
// and brought back by IST and an app host restarted. Run by
// `./mimamori test --only cluster` (not part of the default suites).
//
// Layout (tests/cluster/stack.mjs): host a (namespace) talks to node 1, host
// b to node 2; node 3 takes no application traffic. The notifier and the
// scheduler run on host a only: both claim their work with row updates and
// may run on several hosts, but one instance is enough here. Node 2 is the
// one killed, so host b sees its database vanish mid-request (503 until it
// is back); host a is the one restarted (SIGTERM to every program).
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ADMIN, Client, LOGIN_FAILED, PASSWORD, csrfOf, textById, uniqueId } from '../lib/http.mjs';
import { secretText, stepMargin, stepOf, totp, totpAtStep, unixNow } from '../lib/otp.mjs';
import { waitFor } from '../lib/mariadb.mjs';
import { caseLoad, loginLoad, pointsLoad } from '../lib/load.mjs';
import { demoLogin, staffLogin } from '../lib/stack.mjs';
import { stopHost } from './hosts.mjs';
import { startClusterStack } from './stack.mjs';

const VAR = process.env.MM_CLUSTER_DIR || path.join(process.env.MM_VAR_DIR || 'var/test', 'cluster');
// (the suite's teardown reads VAR/state to clean up after a crash of this process)

/** Every HTTP answer any client got: { method, path, status, retryAfter, upstream, at }. */
const answers = [];
class RecordingClient extends Client {
  async request(method, p, opts = {}) {
    const at = Date.now();
    let res;
    try {
      res = await super.request(method, p, opts);
    } catch (e) {
      answers.push({ method, path: p, status: 599, at, error: String(e) });
      throw e;
    }
    answers.push({ method, path: p, status: res.status, retryAfter: res.headers.get('retry-after'),
      upstream: res.headers.get('x-mm-upstream'), at, text: res.status >= 500 ? res.text.slice(0, 200) : '' });
    return res;
  }
}

const tolerate503 = { tolerate: (r) => r.status === 503 };

let answerSeq = 0;
/** The analyst answers each case whose customer comment was accepted (one
 * answer per case, after that comment: no edit conflict with it). */
async function answerLoad(analyst, ops, load) {
  const answered = new Set();
  while (!load.stop) {
    const next = ops.find((o) => o.kind === 'comment' && o.doneAt && !answered.has(o.caseNo));
    if (!next) { await new Promise((r) => setTimeout(r, 50)); continue; }
    answered.add(next.caseNo);
    const page = await analyst.get(`/staff/cases/${next.caseNo}`).catch(() => ({ status: 599 }));
    if (page.status !== 200) continue;
    const version = /name="version" value="(\d+)"/.exec(page.text)?.[1] || '1';
    answerSeq += 1;
    const op = { kind: 'answer', key: `ld-answer-${process.pid.toString(36)}-${answerSeq}`, caseNo: next.caseNo, sentAt: Date.now() };
    ops.push(op);
    try {
      const res = await analyst.post(`/staff/cases/${next.caseNo}/comment`, { csrf: csrfOf(page.text), version, body: op.key });
      op.status = res.status;
      if (res.status === 303) op.doneAt = Date.now();
      else if (res.status !== 503) op.error = `answer ${next.caseNo}: ${res.status} ${res.text.slice(0, 300)}`;
    } catch (e) {
      op.status = 599;
      op.error = `answer ${next.caseNo}: ${e.message}`;
    }
  }
}
/** Work requests: the customer asks for a health check (2 points), an
 * analyst accepts it, which consumes the points (ledger row, case). */
async function requestLoad(st, customer, analyst, ops, load) {
  const [[itemId, cost]] = st.sql("SELECT id, cost FROM work_request_items WHERE code = 'health_check'");
  while (!load.stop) {
    const form = await customer.get('/cases/requests/health_check').catch(() => ({ status: 599 }));
    if (form.status !== 200) continue;
    answerSeq += 1;
    const sent = { kind: 'request', key: `ld-request-${process.pid.toString(36)}-${answerSeq}`, sentAt: Date.now() };
    ops.push(sent);
    let res;
    try {
      res = await customer.post('/cases/requests/health_check', { csrf: csrfOf(form.text), item: itemId, cost, f_device: sent.key });
    } catch (e) {
      sent.status = 599;
      sent.error = `request: ${e.message}`;
      continue;
    }
    sent.status = res.status;
    const m = res.status === 303 && /^\/cases\/requests\/(WR\d{7})\?done=sent$/.exec(res.headers.get('location') || '');
    if (!m) {
      if (res.status !== 503) sent.error = `request: ${res.status} ${res.text.slice(0, 300)}`;
      continue;
    }
    sent.doneAt = Date.now();
    sent.key = m[1];
    const page = await analyst.get(`/staff/cases/requests/${m[1]}`).catch(() => ({ status: 599 }));
    if (page.status !== 200) continue;
    const op = { kind: 'consume', key: m[1], sentAt: Date.now() };
    ops.push(op);
    try {
      const acc = await analyst.post(`/staff/cases/requests/${m[1]}/accept`, { csrf: csrfOf(page.text) });
      op.status = acc.status;
      if (acc.status === 303) op.doneAt = Date.now();
      else if (acc.status !== 503) op.error = `accept ${m[1]}: ${acc.status} ${acc.text.slice(0, 300)}`;
    } catch (e) {
      op.status = 599;
      op.error = `accept ${m[1]}: ${e.message}`;
    }
  }
}
const count = (ops, kind) => ops.filter((o) => o.kind === kind && o.doneAt).length;

test('two app hosts on a 3-node Galera cluster: a node killed and back by IST, a host restarted, nothing lost', { timeout: 1500000 }, async (t) => {
  let stack = null;
  try {
    stack = await startClusterStack({ dir: VAR, admin: ADMIN, log: (m) => t.diagnostic(m) });
    const { cluster, hosts, nginx, store, admin, sqlOn } = stack;
    const startApp = (h) => stack.startApp(h);

    const st = { sql: stack.sql, admin, client: () => new RecordingClient(nginx.base) };

    // both hosts answer
    const probe = st.client();
    const seen = new Set();
    for (let i = 0; i < 6; i++) seen.add((await probe.get('/auth/login')).headers.get('x-mm-upstream'));
    assert.equal(seen.size, 2, `both hosts answer: ${[...seen]}`);

    // --- load --------------------------------------------------------------------
    const ops = [];
    const load = { stop: false };
    const custA = await demoLogin(st, 'admin-a@example.com');
    const custB = await demoLogin(st, 'admin-b@example.com');
    const analyst = await staffLogin(st);
    const analyst2 = await staffLogin(st);
    // enough points for the work requests whatever the demo period holds
    const points = await analyst.get('/staff/points/N200000001');
    const [[period0]] = st.sql(`SELECT p.id FROM point_periods p JOIN tenants t ON t.id = p.tenant_id
      WHERE t.customer_no = 'N200000001' AND DATE(UTC_TIMESTAMP() + INTERVAL 9 HOUR) BETWEEN p.starts_on AND p.ends_on LIMIT 1`);
    const topUp = await analyst.post('/staff/points/N200000001/credit', { csrf: csrfOf(points.text), period: period0, points: '200', reason: 'cluster test' });
    assert.equal(topUp.status, 303, `points credited: ${topUp.status} ${topUp.text.slice(0, 300)}`);
    const requester = await demoLogin(st, 'admin-a@example.com');
    const [[periodId, creditedBefore, consumedBefore]] = st.sql(`SELECT p.id, p.credited, p.consumed FROM point_periods p JOIN tenants t ON t.id = p.tenant_id
      WHERE t.customer_no = 'N200000001' AND DATE(UTC_TIMESTAMP() + INTERVAL 9 HOUR) BETWEEN p.starts_on AND p.ends_on LIMIT 1`);
    const [[loadStart]] = st.sql('SELECT UTC_TIMESTAMP()');
    const loops = Promise.all([
      caseLoad(st, custA, ops, load, 'a', tolerate503),
      caseLoad(st, custB, ops, load, 'b', tolerate503),
      loginLoad(st, 'user-a@example.com', ops, load, tolerate503),
      loginLoad(st, 'user-b@example.com', ops, load, tolerate503),
      pointsLoad(st, analyst, 'N200000001', ops, load, tolerate503),
      answerLoad(analyst2, ops, load),
      requestLoad(st, requester, analyst2, ops, load),
    ]);
    const stopLoad = async () => { load.stop = true; await loops; };
    const after = (ms, n, what) => {
      const from = Date.now();
      return waitFor(() => ops.filter((o) => o.doneAt && o.sentAt > from).length >= n, ms, what);
    };
    try {
      await after(120000, 15, 'writes before the faults');

      // a database node killed with SIGKILL, recovered, back by IST
      const tKill = Date.now();
      await cluster.kill(2);
      await waitFor(() => cluster.status(1)?.wsrep_cluster_size === '2', 60000, 'the cluster to drop node 2');
      await after(120000, 10, 'writes while node 2 is down');
      const back = await cluster.recoverAndStart(2);
      t.diagnostic(`node 2 down ${Date.now() - tKill} ms; recovered at ${back.position}; IST ${back.ist}`);
      assert.ok(back.ist, `node 2 came back by IST:\n${back.log.slice(-2000)}`);
      await after(120000, 10, 'writes after node 2 is back');

      // an app host restarted (every program: SIGTERM, then started again)
      const tStop = Date.now();
      const exits = await stopHost(hosts[0]);
      for (const [name, r] of Object.entries(exits)) assert.deepEqual(r, { code: 0, signal: null }, `host a ${name} exit`);
      await after(120000, 5, 'writes while host a is down');
      await startApp(hosts[0]);
      t.diagnostic(`host a restarted in ${Date.now() - tStop} ms`);
      await after(120000, 10, 'writes after host a is back');
    } finally {
      await stopLoad();
    }
    t.diagnostic(`${answers.length} answers; done: ${['case', 'comment', 'login', 'points', 'answer', 'request', 'consume'].map((k) => `${k} ${count(ops, k)}`).join(', ')}`);

    // --- every answer 2xx/3xx or 503 with Retry-After ------------------------------
    const bad = answers.filter((a) => !(a.status >= 200 && a.status < 400) && !(a.status === 503 && /^[1-9]\d*$/.test(a.retryAfter || '')));
    assert.deepEqual(bad.map((a) => `${a.method} ${a.path} ${a.status} ${a.upstream} ${a.text || a.error || ''}`), [], 'every answer 2xx/3xx or 503 with Retry-After');
    assert.deepEqual(ops.filter((o) => o.error && o.status !== 503).map((o) => o.error), [], 'no failed write besides 503');
    const ups = new Set(answers.map((a) => a.upstream).filter(Boolean));
    assert.ok(ups.size >= 2, 'both hosts served the load');

    // --- what the clients were told is what every node holds -----------------------
    await cluster.waitAllSynced(120000);
    const quoted = (keys) => keys.map((k) => `'${k}'`).join(',') || "''";
    // kind → [the key column of the rows the load writes, its table and
    // condition, the marker prefix]; a case's key is its number once created
    const checks = {
      case: ['case_no', 'cases', '1', 'subject', 'ld-case-'],
      comment: ['body', 'case_activity', '1', 'body', 'ld-comment-'],
      login: ['user_agent', 'auth_events', "event = 'login.ok'", 'user_agent', 'ld-login-'],
      points: ['reason', 'point_ledger', '1', 'reason', 'ld-points-'],
      answer: ['body', 'case_activity', '1', 'body', 'ld-answer-'],
      request: ['request_no', 'work_requests', '1', 'request_no', 'WR'],
      consume: ['request_no', 'point_ledger', "kind = 'consume'", 'request_no', 'WR'],
    };
    for (const node of [1, 2, 3]) {
      for (const [kind, [keyCol, table, cond, markCol, prefix]] of Object.entries(checks)) {
        const sure = ops.filter((o) => o.kind === kind && o.doneAt).map((o) => o.key);
        const have = new Map(sqlOn(node, `SELECT ${keyCol}, COUNT(*) FROM ${table} WHERE ${cond} AND ${keyCol} IN (${quoted(sure)}) GROUP BY ${keyCol}`)
          .map(([k, n]) => [k, Number(n)]));
        const lost = sure.filter((k) => have.get(k) !== 1).map((k) => `${k}: ${have.get(k) || 0}`);
        assert.deepEqual(lost, [], `node ${node}: every ${kind} the client was told of is there once`);
        const twice = sqlOn(node, `SELECT ${markCol}, COUNT(*) FROM ${table} WHERE ${cond} AND ${markCol} LIKE '${prefix}%' GROUP BY ${markCol} HAVING COUNT(*) > 1`);
        assert.deepEqual(twice, [], `node ${node}: no ${kind} twice`);
        // a write answered 503 may have committed (the node went away after
        // COMMIT was sent): at most once, which the query above holds
      }
      const [[credited]] = sqlOn(node, `SELECT credited FROM point_periods WHERE id = ${periodId}`);
      const [[ledger]] = sqlOn(node, `SELECT COALESCE(SUM(points), 0) FROM point_ledger WHERE period_id = ${periodId} AND kind = 'credit' AND reason LIKE 'ld-points-%'`);
      assert.equal(Number(credited) - Number(creditedBefore), Number(ledger), `node ${node}: the period's credit matches its ledger`);
      const [[consumed, consumedLedger]] = sqlOn(node, `SELECT p.consumed, (SELECT COALESCE(SUM(points), 0) FROM point_ledger
        WHERE period_id = p.id AND kind = 'consume' AND created_at >= '${loadStart}') FROM point_periods p WHERE p.id = ${periodId}`);
      assert.equal(Number(consumed) - Number(consumedBefore), Number(consumedLedger), `node ${node}: the points consumed match the ledger`);
    }
    // the nodes agree row for row on the tables the load wrote
    const digest = (i) => ['cases', 'case_activity', 'case_attachments', 'point_ledger', 'point_periods', 'auth_events', 'sessions']
      .map((tb) => sqlOn(i, `CHECKSUM TABLE ${tb}`)[0][1]).join(' ');
    assert.equal(digest(2), digest(1), 'node 2 holds what node 1 holds');
    assert.equal(digest(3), digest(1), 'node 3 holds what node 1 holds');
    // attachments written by either host are in the shared store, whole
    for (const [id, sha, size] of sqlOn(1, 'SELECT store_id, HEX(sha256), size_bytes FROM case_attachments')) {
      const data = fs.readFileSync(path.join(store, id));
      assert.equal(data.length, Number(size), `size of ${id}`);
      assert.equal(createHash('sha256').update(data).digest('hex').toUpperCase(), sha, `SHA-256 of ${id}`);
    }

    // --- nobody was logged out -------------------------------------------------------
    for (const [who, c] of [['admin-a', custA], ['admin-b', custB], ['analyst', analyst], ['analyst', analyst2]]) {
      const r = await c.get(who === 'analyst' ? '/staff/cases/' : '/cases/');
      assert.equal(r.status, 200, `${who} still logged in (${r.status} ${r.headers.get('location')})`);
    }

    // --- login lockout across both hosts -----------------------------------------------
    const login = uniqueId('lk');
    admin('create-user', '--login', login, '--password', PASSWORD, '--tenant', 'N200000001', '--role', 'customer_user', '--name', '施錠 試験');
    // nginx takes the hosts in turn: a GET and a POST per attempt would send
    // every POST to the same host, so one more GET moves the turn when needed
    const shiftTurn = async (hosts, last) => {
      if (hosts.size === 1 && last) await st.client().get('/auth/login');
    };
    const hit = new Set();
    let lastHost = null;
    for (let i = 0; i < 5; i++) {
      await shiftTurn(hit, lastHost);
      const c = st.client();
      const form = await c.get('/auth/login');
      const res = await c.post('/auth/login', { csrf: csrfOf(form.text), user_id: login, password: `wrong-${i}-Password!` });
      assert.equal(res.status, 200, `wrong password ${i + 1}`);
      assert.ok(res.text.includes(LOGIN_FAILED), `wrong password ${i + 1}: the login failure message`);
      lastHost = res.headers.get('x-mm-upstream');
      hit.add(lastHost);
    }
    assert.equal(hit.size, 2, `the 5 wrong passwords went to both hosts: ${[...hit]}`);
    for (let i = 0; i < 2; i++) {
      const c = st.client();
      const form = await c.get('/auth/login');
      const res = await c.post('/auth/login', { csrf: csrfOf(form.text), user_id: login, password: PASSWORD });
      assert.equal(res.status, 200, `the right password after 5 failures is refused (host ${res.headers.get('x-mm-upstream')})`);
      assert.ok(res.text.includes(LOGIN_FAILED), 'with the same message');
    }

    // --- wrong authenticator codes across both hosts lock too -------------------------
    const staffId = uniqueId('ot');
    admin('create-user', '--login', staffId, '--password', PASSWORD, '--role', 'analyst', '--name', '符号 試験');
    const enrol = st.client();
    assert.equal((await enrol.login(staffId, PASSWORD)).headers.get('location'), '/auth/first');
    const choice = await enrol.get('/auth/first/mfa');
    await enrol.post('/auth/first/mfa', { csrf: csrfOf(choice.text), method: 'totp' });
    const form = await enrol.get('/auth/mfa/totp');
    const secret = secretText(textById(form.text, 'totp-secret') || '');
    await stepMargin();
    const enrolled = await enrol.post('/auth/mfa/totp', { csrf: csrfOf(form.text), code: totp(secret) });
    assert.equal(enrolled.status, 303, 'authenticator enrolled');
    const near = new Set([-1, 0, 1].map((d) => totpAtStep(secret, stepOf(unixNow()) + d)));
    let wrong = 100000;
    while (near.has(String(wrong))) wrong += 1;
    const otp = st.client();
    const pw = await otp.login(staffId, PASSWORD);
    assert.equal(pw.headers.get('location'), '/auth/mfa', 'password accepted, code asked');
    const codeHosts = new Set();
    let last;
    for (let i = 0; i < 5; i++) {
      await shiftTurn(codeHosts, last);
      const page = await otp.get('/auth/mfa');
      if (page.status !== 200) break;
      last = await otp.post('/auth/mfa', { csrf: csrfOf(page.text), code: String(wrong) });
      codeHosts.add(last.headers.get('x-mm-upstream'));
    }
    assert.equal(codeHosts.size, 2, `the wrong codes went to both hosts: ${[...codeHosts]}`);
    assert.equal(textById(last.text, 'login-error'), LOGIN_FAILED, 'the 5th wrong code ends on the login page');
    for (let i = 0; i < 2; i++) {
      const res = await st.client().login(staffId, PASSWORD);
      assert.equal(res.status, 200, 'locked after 5 wrong codes: the right password is refused');
      assert.equal(textById(res.text, 'login-error'), LOGIN_FAILED);
    }
  } finally {
    if (stack) await stack.stop();
  }
});
