// mimamori-scheduler: the one loop for timed jobs. The biweekly chat
// report (ACC-4, seed 004 通知②, every other Monday 10:00 in the linkage's
// zone) goes out at its slot when a scheduler runs with the test clock
// there, exactly once: with two schedulers at once (the claim in
// scheduled_jobs, and the UNIQUE row per linkage and slot), after a
// restart, and when a scheduler that was down catches up.
//
// The schedulers here run on the stack's database with a clock-offset file
// of their own; the stack's own scheduler (real clock) never reaches these
// slots, and it sends no report for a slot before a linkage existed.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONFIG, ADMIN, Client, createUser, dbRows } from '../lib/http.mjs';
import { loginAs } from '../lib/users.mjs';
import { until } from '../lib/poll.mjs';
import { tenantWithContract, addDevice, addAlerts } from '../lib/alerts.mjs';
import { hookUrl, hooksFor, registerLinkage } from '../lib/chat.mjs';

const run = promisify(execFile);
const SCHEDULER = path.join(path.dirname(ADMIN), 'mimamori-scheduler');
const DAY = 86400;
// 2024-01-01 10:00 JST, the first slot; one every 14 days
const ANCHOR = Date.UTC(2024, 0, 1, 1, 0, 0) / 1000;
let WORK;
let OWN_CONFIG;
let CLOCK_FILE;

before(() => {
  WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-scheduler-'));
  CLOCK_FILE = path.join(WORK, 'clock');
  fs.writeFileSync(CLOCK_FILE, '0\n');
  OWN_CONFIG = path.join(WORK, 'mimamori.hdf');
  fs.writeFileSync(OWN_CONFIG, `${fs.readFileSync(CONFIG, 'utf8')}\nClock.OffsetFile = ${CLOCK_FILE}\nScheduler.PollMs = 20\nScheduler.ChatReportEverySeconds = 1\n`);
});

after(() => {
  if (WORK) fs.rmSync(WORK, { recursive: true, force: true });
});

/** The first Tokyo slot after unix time t (Japan keeps no summer time). */
function nextSlot(t) {
  const k = Math.floor((t - ANCHOR) / (14 * DAY)) + 1;
  return ANCHOR + k * 14 * DAY;
}

/** One pass of the report job at unix time `at` (the job made due first). */
async function reportPass(at, n = 1) {
  fs.writeFileSync(CLOCK_FILE, `${Math.round(at - Date.now() / 1000)}\n`);
  dbRows("UPDATE scheduled_jobs SET due_at = '2000-01-01 00:00:00', claimed_by = NULL WHERE name = 'chat-report'");
  const runs = await Promise.all(Array.from({ length: n }, () => run(SCHEDULER,
    ['--config', OWN_CONFIG, '--once', '--job', 'chat-report'], { timeout: 120000 })));
  return runs.map((r) => r.stderr).join('');
}

function reportsOf(tag) {
  return hooksFor(tag).filter((h) => h.body.kind === 'report');
}

async function linkedTenant(name) {
  const t = tenantWithContract(name);
  const dev = addDevice(t);
  const { client } = await loginAs('customer_admin', t);
  const hook = hookUrl();
  const { id } = await registerLinkage(client, t, hook.url, { org: `${name}本部` });
  assert.ok(id, 'linkage registered');
  return { t, dev, hook, id };
}

function runsOf(id) {
  return dbRows(`SELECT DATE_FORMAT(slot_at, '%Y-%m-%dT%H:%i:%sZ') FROM chat_report_runs WHERE linkage_id = ${id} ORDER BY slot_at`).map((r) => r[0]);
}

test('the biweekly report goes out at its slot, once, even from two schedulers at once', async () => {
  const { t, dev, hook, id } = await linkedTenant('隔週レポート株式会社');
  const now = Date.now() / 1000;
  const slot = nextSlot(now);
  // detected within the fortnight that ends the day before the slot
  const tokyoDate = (s) => new Date((s + 9 * 3600) * 1000).toISOString().slice(0, 10);
  const detected = new Date((tokyoDate(now) === tokyoDate(slot) ? now - DAY : now) * 1000);
  addAlerts(t, dev, [
    ...Array.from({ length: 3 }, () => ({ severity: 3, category: 'Webガード', description: 'd', action: 'a', detected })),
    ...Array.from({ length: 2 }, () => ({ severity: 1, category: 'アンチウイルス', description: 'd', action: 'a', detected })),
  ]);
  // before the slot: nothing
  await reportPass(slot - 60);
  assert.deepEqual(runsOf(id), []);
  // at the slot, two schedulers at once: one report
  await reportPass(slot + 30, 2);
  const slotIso = new Date(slot * 1000).toISOString().replace('.000', '');
  assert.deepEqual(runsOf(id), [slotIso]);
  const [[queued]] = dbRows(`SELECT COUNT(*) FROM outbox WHERE recipient = 'chat:${id}' AND subject LIKE '検知状況レポート%'`);
  assert.equal(Number(queued), 1);
  // queued on the scheduler's clock, days ahead: due for the notifier now
  dbRows(`UPDATE outbox SET next_attempt_at = UTC_TIMESTAMP() WHERE recipient = 'chat:${id}' AND status = 'pending'`);
  const [report] = await until('the report in the sink', () => reportsOf(hook.tag).length && reportsOf(hook.tag), 30000);
  const from = new Date((slot - 14 * DAY + 9 * 3600) * 1000).toISOString().slice(0, 10);
  const to = new Date((slot - DAY + 9 * 3600) * 1000).toISOString().slice(0, 10);
  assert.equal(report.body.details.period.from, from);
  assert.equal(report.body.details.period.to, to);
  assert.equal(report.body.details.total, 5);
  assert.deepEqual(report.body.details.by_severity, { 1: 2, 2: 0, 3: 3 });
  assert.deepEqual(report.body.details.by_category, { Webガード: 3, アンチウイルス: 2 });
  assert.equal(report.body.details.top[0].category, 'Webガード');
  assert.match(report.body.text, /検知件数: 5件/);
  assert.ok(report.body.link.endsWith(`/dashboard/report?period=range&from=${from}&to=${to}`), report.body.link);
  // the link opens the report of that fortnight for a user of the tenant,
  // read after the slot (the portal's test clock there too)
  const clock = Math.round(slot + 60 - Date.now() / 1000);
  const client = new Client();
  await client.loginOk(createUser({ role: 'customer_user', tenant: t.no }), { clock });
  const linked = new URL(report.body.link);
  const page = await client.get(linked.pathname + linked.search, { clock });
  assert.equal(page.status, 200, page.text.slice(0, 400));
  assert.match(page.text, new RegExp(`name="from" type="date" value="${from}"`), 'the report of the link\'s first day');
  assert.match(page.text, new RegExp(`name="to" type="date" value="${to}"`), 'the report of the link\'s last day');
  assert.equal(report.body.organization, '隔週レポート株式会社本部');
  // a restart (the job due again) in the same fortnight: nothing new
  await reportPass(slot + 3600, 2);
  assert.deepEqual(runsOf(id), [slotIso]);
  assert.equal(reportsOf(hook.tag).length, 1);
});

test('a scheduler that was down catches up on the last slot only, and never twice', async () => {
  const { id } = await linkedTenant('追いつき株式会社');
  const slot = nextSlot(Date.now() / 1000);
  // down over the first slot and most of the fortnight
  await reportPass(slot + 14 * DAY - 600);
  const first = new Date(slot * 1000).toISOString().replace('.000', '');
  assert.deepEqual(runsOf(id), [first]);
  await reportPass(slot + 14 * DAY - 60);
  assert.deepEqual(runsOf(id), [first]);
  // down over two slots: only the later one is sent
  await reportPass(slot + 42 * DAY + 7200);
  const third = new Date((slot + 42 * DAY) * 1000).toISOString().replace('.000', '');
  assert.deepEqual(runsOf(id), [first, third]);
});

test('a run is claimed once; a claim of a dead scheduler expires', async () => {
  const claims = () => dbRows("SELECT claimed_by IS NULL, runs FROM scheduled_jobs WHERE name = 'chat-report'")[0];
  await reportPass(Date.now() / 1000);
  const [free, runsBefore] = claims();
  assert.equal(free, '1');
  // a scheduler that died holding the claim (claim_until ahead)
  dbRows("UPDATE scheduled_jobs SET claimed_by = 0x01, claim_until = UTC_TIMESTAMP() + INTERVAL 300 SECOND, due_at = '2000-01-01' WHERE name = 'chat-report'");
  fs.writeFileSync(CLOCK_FILE, '0\n');
  await run(SCHEDULER, ['--config', OWN_CONFIG, '--once', '--job', 'chat-report'], { timeout: 120000 });
  assert.equal(claims()[1], runsBefore, 'held by the dead one: not run');
  fs.writeFileSync(CLOCK_FILE, '301\n');
  await run(SCHEDULER, ['--config', OWN_CONFIG, '--once', '--job', 'chat-report'], { timeout: 120000 });
  assert.equal(Number(claims()[1]), Number(runsBefore) + 1, 'the expired claim was taken over');
  assert.equal(claims()[0], '1');
});

test('--job names a job of the table; an unknown one is refused', async () => {
  await assert.rejects(run(SCHEDULER, ['--config', OWN_CONFIG, '--once', '--job', 'no-such-job']), (e) => e.code === 2);
});
