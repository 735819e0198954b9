// Important-alert mails (DASH-7, seed 001 §7): the alert-mail job of
// mimamori-scheduler batches a
// tenant's new alerts at or above its threshold into one mail per
// recipient per window, through the outbox; its cursor moves in the same
// transaction as the queued mails, so a kill -9 loses and repeats nothing.
//
// The stack runs its own scheduler on the real clock. The window tests run
// a scheduler of their own (--once, or killed mid-way) on the same database
// with a private clock-offset file; alerts they must handle alone are
// stamped as received in the future, which the stack's scheduler (real
// clock) leaves alone.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONFIG, ADMIN, Client, createUser, dbRows, sqlString, textById, uniqueId } from '../lib/http.mjs';
import { waitForMail, outboxTo } from '../lib/mail.mjs';
import { tenantWithContract, addDevice, addAlerts } from '../lib/alerts.mjs';
import { pubid } from '../lib/pubid.mjs';

const SCHEDULER = path.join(path.dirname(ADMIN), 'mimamori-scheduler');
const MIN = 60 * 1000;
let WORK;
let OWN_CONFIG;
let CLOCK_FILE;

before(() => {
  WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-alertmail-'));
  CLOCK_FILE = path.join(WORK, 'clock');
  fs.writeFileSync(CLOCK_FILE, '0\n');
  OWN_CONFIG = path.join(WORK, 'mimamori.hdf');
  // later settings win in HDF: the stack's file with a clock of our own
  fs.writeFileSync(OWN_CONFIG, `${fs.readFileSync(CONFIG, 'utf8')}\nClock.OffsetFile = ${CLOCK_FILE}\nAlertMail.PollMs = 20\n`);
});

after(() => {
  if (WORK) fs.rmSync(WORK, { recursive: true, force: true });
});

function setClock(seconds) {
  fs.writeFileSync(CLOCK_FILE, `${seconds}\n`);
}

/** One sweep of a scheduler of our own at clock offset seconds. */
function sweep(seconds) {
  setClock(seconds);
  execFileSync(SCHEDULER, ['--config', OWN_CONFIG, '--once', '--job', 'alert-mail'], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120000 });
}

function cursorOf(tenant) {
  const rows = dbRows(`SELECT last_alert_id, mails FROM alert_mail_cursor WHERE tenant_id = ${tenant.id}`);
  return rows.length ? { last: Number(rows[0][0]), mails: Number(rows[0][1]) } : { last: 0, mails: 0 };
}

async function until(what, cond, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = cond();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function outboxBodies(recipient) {
  return dbRows(`SELECT id, subject, REPLACE(REPLACE(body, '\\r', ''), '\\n', ' ') FROM outbox WHERE recipient = ${sqlString(recipient)} ORDER BY id`)
    .map(([id, subject, body]) => ({ id: Number(id), subject, body }));
}

function highBurst(n, { received = new Date(Date.now() - MIN), severity = 3, category = 'Webガード' } = {}) {
  return Array.from({ length: n }, (_, i) => ({
    severity, category, received, detected: new Date(received.getTime() - 1000 - i),
    description: '本サービスにおいて有害サイトとして登録されたサイトにアクセスしています。',
    action: '送信元の端末の利用者に対して、アクセス先URLへのアクセスの有無を確認し、有害サイトへのアクセスは行わないよう呼び掛けてください',
  }));
}

const SUBJECT_HIGH = '脅威検出通知(Webガード) 重要度:★★★(高)';

test('a burst of 500 high alerts: one mail per recipient and window, with the count of the rest', async () => {
  const t = tenantWithContract();
  const dev = addDevice(t);
  const admin = createUser({ role: 'customer_admin', tenant: t.no });
  const user = createUser({ tenant: t.no });
  const [adminMail, userMail] = dbRows(`SELECT email FROM users WHERE id IN (${admin.id}, ${user.id}) ORDER BY id`).map((r) => r[0]);
  const ids = addAlerts(t, dev, highBurst(500));
  // the stack's scheduler mails; the notifier delivers to the SMTP sink
  const first = await waitForMail(adminMail, { subject: SUBJECT_HIGH, timeoutMs: 30000 });
  const toUser = await waitForMail(userMail, { subject: SUBJECT_HIGH, timeoutMs: 30000 });
  for (const m of [first, toUser]) {
    assert.ok(m.body.startsWith('UTMが脅威を検知したため通信をブロックしました。'), m.body.slice(0, 80));
    assert.ok(m.body.includes('説明:\n本サービスにおいて有害サイトとして登録されたサイトにアクセスしています。'));
    assert.ok(m.body.includes('対処:\n送信元の端末の利用者に対して'));
    assert.ok(/他 499 件/.test(m.body), m.body);
    // the alert's public number, in the text and in the link
    assert.ok(m.body.includes(`/dashboard/alerts/${pubid('alert', ids[0])}\n`), 'the headline alert is the first of the most severe');
    assert.ok(m.body.includes(` : ${pubid('alert', ids[0])}\n`), m.body);
  }
  // the list link of the batch (the default threshold ★★☆ and up, the
  // recipient's days) lists exactly the batch
  const [from, to] = dbRows(`SELECT DATE_FORMAT(MIN(detected_at) + INTERVAL 9 HOUR, '%Y-%m-%d'), DATE_FORMAT(MAX(detected_at) + INTERVAL 9 HOUR, '%Y-%m-%d')
    FROM alerts WHERE tenant_id = ${t.id}`)[0];
  const listLink = new RegExp(`https?://[^/\\s]+(/dashboard/alerts\\?from=${from}&to=${to}&severity=medium_up)\\n`).exec(first.body);
  assert.ok(listLink, first.body);
  const reader = new Client();
  await reader.loginOk(user);
  const list = await reader.get(listLink[1]);
  assert.equal(list.status, 200);
  assert.equal(textById(list.text, 'list-count'), '1~20 件目 / 500 件');
  assert.equal(outboxTo(adminMail).length, 1, 'one mail, not one per alert');
  assert.equal(outboxTo(userMail).length, 1);
  assert.deepEqual(cursorOf(t), { last: ids[ids.length - 1], mails: 1 });

  // more alerts within the window wait for its end
  const more = addAlerts(t, dev, highBurst(100, { severity: 2 }));
  sweep(0);
  assert.equal(outboxTo(adminMail).length, 1, 'no second mail within the window');
  assert.equal(cursorOf(t).last, ids[ids.length - 1]);
  // after the window: one mail about the 100
  sweep(601);
  const rows = outboxBodies(adminMail);
  assert.equal(rows.length, 2);
  assert.equal(rows[1].subject, '脅威検出通知(Webガード) 重要度:★★☆(中)');
  assert.ok(/他 99 件/.test(rows[1].body), rows[1].body);
  assert.equal(outboxTo(userMail).length, 2);
  assert.deepEqual(cursorOf(t), { last: more[more.length - 1], mails: 2 });
  // and nothing more: every alert was mailed once
  sweep(1300);
  assert.equal(outboxTo(adminMail).length, 2);
});

test('the mail names the alert by the portal\'s number and by the UTM\'s own id', async () => {
  const t = tenantWithContract();
  const dev = addDevice(t);
  const u = createUser({ tenant: t.no });
  const [[mail]] = dbRows(`SELECT email FROM users WHERE id = ${u.id}`);
  const burst = highBurst(1);
  burst[0].deviceAlertId = `fw-20261204-${t.id}`;
  const [id] = addAlerts(t, dev, burst);
  const m = await waitForMail(mail, { subject: SUBJECT_HIGH, timeoutMs: 30000 });
  assert.ok(m.body.includes(`アラートID : ${pubid('alert', id)}\nUTMのアラートID : fw-20261204-${t.id}\n`), m.body);
});

test('an English recipient\'s subject is spaced as English is; the Japanese one stays as the guide writes it', async () => {
  const t = tenantWithContract();
  const dev = addDevice(t);
  const enUser = createUser({ tenant: t.no, lang: 'en' });
  const jaUser = createUser({ tenant: t.no });
  const [[enMail], [jaMail]] = dbRows(`SELECT email FROM users WHERE id IN (${enUser.id}, ${jaUser.id}) ORDER BY id`);
  addAlerts(t, dev, highBurst(1, { severity: 2 }));
  const en = await waitForMail(enMail, { subject: 'Threat detected (Webガード) Severity: ★★☆ (Medium)', timeoutMs: 30000 });
  assert.ok(en.body.includes('Severity : ★★☆ (Medium)\n'), en.body);
  await waitForMail(jaMail, { subject: '脅威検出通知(Webガード) 重要度:★★☆(中)', timeoutMs: 30000 });
});

test('alerts below the threshold, or of a device not registered, are not mailed', async () => {
  const t = tenantWithContract();
  const dev = addDevice(t);
  const pending = addDevice(t, { status: 'awaiting_registration' });
  const u = createUser({ tenant: t.no });
  const [[mail]] = dbRows(`SELECT email FROM users WHERE id = ${u.id}`);
  addAlerts(t, pending, highBurst(20));
  const low = addAlerts(t, dev, highBurst(30, { severity: 1 }));
  await until('the scheduler passed the alerts', () => cursorOf(t).last >= low[low.length - 1]);
  assert.deepEqual(outboxTo(mail), []);
  assert.equal(cursorOf(t).mails, 0);

  // a tenant that chose ★★★ gets no mail for ★★☆, and only its chosen users
  const t3 = tenantWithContract();
  const dev3 = addDevice(t3);
  const chosen = createUser({ role: 'customer_admin', tenant: t3.no });
  const other = createUser({ tenant: t3.no });
  const [[chosenMail], [otherMail]] = dbRows(`SELECT email FROM users WHERE id IN (${chosen.id}, ${other.id}) ORDER BY id`);
  dbRows(`INSERT INTO alert_mail_settings (tenant_id, threshold, recipients_chosen, updated_at) VALUES (${t3.id}, 3, 1, UTC_TIMESTAMP());
    INSERT INTO alert_mail_recipients (tenant_id, user_id) VALUES (${t3.id}, ${chosen.id})`);
  const mid = addAlerts(t3, dev3, highBurst(10, { severity: 2 }));
  await until('the scheduler passed the medium alerts', () => cursorOf(t3).last >= mid[mid.length - 1]);
  assert.deepEqual(outboxTo(chosenMail), []);
  const high = addAlerts(t3, dev3, highBurst(2));
  await until('the high alert mailed', () => cursorOf(t3).last >= high[1]);
  assert.equal(outboxTo(chosenMail).length, 1);
  // (the notifier empties a row's body once delivered: read the mail)
  const m = await waitForMail(chosenMail, { subject: SUBJECT_HIGH, timeoutMs: 30000 });
  assert.ok(/他 1 件/.test(m.body), m.body);
  // the list link: the tenant's threshold (★★★ only) and the batch's days
  const highDays = dbRows(`SELECT DATE_FORMAT(MIN(detected_at) + INTERVAL 9 HOUR, '%Y-%m-%d'), DATE_FORMAT(MAX(detected_at) + INTERVAL 9 HOUR, '%Y-%m-%d')
    FROM alerts WHERE id IN (${high.join(',')})`)[0];
  assert.ok(m.body.includes(`/dashboard/alerts?from=${highDays[0]}&to=${highDays[1]}&severity=high\n`), m.body);
  assert.deepEqual(outboxTo(otherMail), []);
});

test('killing the scheduler mid-way loses and repeats nothing', async (t0) => {
  // many tenants with alerts received "in an hour": only our scheduler,
  // whose clock is an hour ahead, takes them
  const N = 80;
  const tag = uniqueId('kill').split('@')[0];
  const received = new Date(Date.now() + 60 * MIN);
  const tenants = [];
  for (let i = 0; i < N; i++) {
    const t = tenantWithContract(`キル${i}`);
    const dev = addDevice(t);
    const email = `${tag}-${i}@kill.example`;
    createUser({ tenant: t.no, email, name: '通知先' });
    const ids = addAlerts(t, dev, highBurst(3, { received }));
    tenants.push({ t, email, last: ids[2] });
  }
  setClock(3700);
  const proc = spawn(SCHEDULER, ['--config', OWN_CONFIG, '--job', 'alert-mail'], { stdio: 'ignore' });
  const exited = new Promise((r) => proc.on('exit', r));
  await until('the first mails queued', () => tenants.some((x) => outboxTo(x.email).length > 0), 60000);
  proc.kill('SIGKILL');
  await exited;
  const doneAtKill = tenants.filter((x) => cursorOf(x.t).last >= x.last).length;
  // what the killed scheduler committed is whole: mails and cursor together
  for (const x of tenants) {
    const mailed = outboxTo(x.email).length;
    assert.equal(mailed, cursorOf(x.t).last >= x.last ? 1 : 0, `tenant ${x.t.no} at the kill`);
  }
  sweep(3700);
  for (const x of tenants) {
    assert.equal(outboxTo(x.email).length, 1, `tenant ${x.t.no}: one mail`);
    assert.ok(/他 2 件/.test(outboxBodies(x.email)[0].body));
    assert.deepEqual(cursorOf(x.t), { last: x.last, mails: 1 });
  }
  t0.diagnostic(`tenants done when killed: ${doneAtKill} of ${N}`);
});

test('a device still receiving: its settled alerts are mailed, the ones not yet settled wait', async () => {
  // the pass finds the tenant by its device's last reception
  // (devices.alerts_received_at), which is after the pass's settled end
  // while alerts keep coming: the settled ones must still go out. All
  // received "in two hours", for our own scheduler only.
  const t = tenantWithContract();
  const dev = addDevice(t);
  const u = createUser({ tenant: t.no });
  const [[mail]] = dbRows(`SELECT email FROM users WHERE id = ${u.id}`);
  const settled = addAlerts(t, dev, highBurst(4, { received: new Date(Date.now() + 120 * MIN) }));
  const fresh = addAlerts(t, dev, highBurst(2, { received: new Date(Date.now() + 121 * MIN) }));
  assert.equal(dbRows(`SELECT alerts_received_at > (SELECT MAX(received_at) FROM alerts WHERE id IN (${settled.join(',')}))
    FROM devices WHERE id = ${dev.id}`)[0][0], '1');
  sweep(120 * 60 + 30);
  const rows = outboxBodies(mail);
  assert.equal(rows.length, 1, 'the settled alerts are mailed');
  assert.ok(/他 3 件/.test(rows[0].body), rows[0].body);
  assert.deepEqual(cursorOf(t), { last: settled[settled.length - 1], mails: 1 });
  // the rest once settled, after the window
  sweep(120 * 60 + 60 + 601);
  assert.equal(outboxBodies(mail).length, 2);
  assert.deepEqual(cursorOf(t), { last: fresh[fresh.length - 1], mails: 2 });
});
