// Chat notification linkages (ACC-4, seed 004): /account/chat for customer
// admins — register (URL checked, sealed, shown masked), test message,
// pause / resume, delete with confirmation; webhook delivery through the
// outbox and the notifier to the local sink; the important-alert batch as
// one chat message; a failing webhook retried, marked and its admins
// mailed once; bad inputs refused with nothing stored or sent; isolation.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { csrfOf, dbRows, sqlString, VAR_DIR } from '../lib/http.mjs';
import { loginAs } from '../lib/users.mjs';
import { staffLogin } from '../lib/staff.mjs';
import { waitForMail, mailsTo } from '../lib/mail.mjs';
import { until } from '../lib/poll.mjs';
import { tenantWithContract, addDevice, addAlerts } from '../lib/alerts.mjs';
import { pubid } from '../lib/pubid.mjs';
import {
  hookUrl, hooksFor, registerLinkage, linkageAction, linkagesOf, linkageFields, UUID,
} from '../lib/chat.mjs';

const MIN = 60 * 1000;
const FAILING_SUBJECT = 'チャット通知の送信に失敗しています';

/** The portal's logs holding s (the sink, the far end, logs its paths). */
function logsContain(s) {
  const dir = path.join(VAR_DIR, 'log');
  return fs.readdirSync(dir).filter((n) => n.endsWith('.log') && n !== 'webhook-sink.log')
    .filter((n) => fs.readFileSync(path.join(dir, n), 'utf8').includes(s));
}

/** Webhook rows of linkage id with a title starting with prefix (the
 * scheduler tests, whose clocks run weeks ahead, queue biweekly reports
 * for every linkage there is, these included). */
function webhookRows(id, prefix = '') {
  return dbRows(`SELECT id, status, attempts FROM outbox WHERE channel = 'webhook' AND recipient = 'chat:${id}' AND subject LIKE ${sqlString(`${prefix}%`)} ORDER BY id`)
    .map(([oid, status, attempts]) => ({ id: Number(oid), status, attempts: Number(attempts) }));
}

test('an admin registers a linkage: the URL is sealed and shown masked, the test message arrives', async () => {
  const t = tenantWithContract('チャット連携株式会社');
  const { client } = await loginAs('customer_admin', t);
  const empty = await client.get('/account/chat');
  assert.equal(empty.status, 200);
  assert.ok(empty.text.includes('id="chat-none"'));
  assert.ok(empty.text.includes('id="nav-chat"'), 'menu entry for admins');
  const { tag, url } = hookUrl();
  const { res, id } = await registerLinkage(client, t, url, { org: '大阪支店' });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  assert.equal(res.headers.get('location'), '/account/chat?done=created');
  const [row] = linkagesOf(t.id);
  assert.equal(row.id, id);
  // scheme and host (not the port) and the last four characters
  assert.equal(row.masked, 'http://127.0.0.1…Zq9X');
  assert.ok(row.sealed.length > 0);
  assert.ok(!Buffer.from(row.sealed, 'hex').toString('latin1').includes(tag), 'sealed at rest');
  const page = await client.get('/account/chat?done=created');
  assert.ok(page.text.includes('連携を登録しました。'));
  assert.ok(page.text.includes(row.masked));
  assert.ok(!page.text.includes(tag), 'the URL is never shown again');
  assert.ok(page.text.includes('大阪支店') && page.text.includes(UUID));

  const tested = await linkageAction(client, id, 'test');
  assert.equal(tested.status, 303);
  assert.equal(tested.headers.get('location'), '/account/chat?done=tested');
  const tests = () => hooksFor(tag).filter((h) => h.body.kind === 'test');
  const [hook] = await until('the test message in the sink', () => tests().length && tests(), 30000);
  assert.equal(hook.body.kind, 'test');
  assert.equal(hook.body.company_name, '株式会社みまもり商事');
  assert.equal(hook.body.customer_id, UUID);
  assert.equal(hook.body.organization, '大阪支店');
  assert.match(hook.body.text, /テストメッセージ/);
  assert.match(hook.content_type, /^application\/json/);
  await until('the delivery recorded', () => webhookRows(id, 'テストメッセージ')[0]?.status === 'sent');
  assert.deepEqual(logsContain(tag), [], 'the URL is in no log');
});

test('bad inputs are refused with a clear message; nothing is stored and nothing sent', async () => {
  const t = tenantWithContract('入力チェック株式会社');
  const { client } = await loginAs('customer_admin', t);
  const { tag, url } = hookUrl();
  const cases = [
    ['http://hooks.example.com/x', 'https:// で始まるURLを入力してください。', 'url'],
    [`https://user:secret@hooks.example.com/${tag}`, 'URLにユーザー名やパスワードを含めることはできません。', 'url'],
    ['https://10.0.0.5/hook', '社内ネットワーク・ループバック・リンクローカルなどのアドレスには送信できません。', 'url'],
    ['https://0x0a.0.0.1/hook', '社内ネットワーク・ループバック・リンクローカルなどのアドレスには送信できません。', 'url'],
    ['https://[fd00::1]/hook', '社内ネットワーク・ループバック・リンクローカルなどのアドレスには送信できません。', 'url'],
    ['https://[::ffff:192.168.0.1]/hook', '社内ネットワーク・ループバック・リンクローカルなどのアドレスには送信できません。', 'url'],
    ['https://169.254.169.254/latest', '社内ネットワーク・ループバック・リンクローカルなどのアドレスには送信できません。', 'url'],
    ['https://100.64.1.1/x', '社内ネットワーク・ループバック・リンクローカルなどのアドレスには送信できません。', 'url'],
    ['https://localhost/hook', '社内ネットワーク・ループバック・リンクローカルなどのアドレスには送信できません。', 'url'],
    // a name that resolves to loopback: refused once resolved
    ['https://vm/hook', '社内ネットワーク・ループバック・リンクローカルなどのアドレスには送信できません。', 'url'],
    [`https://hooks.example.com/${'a'.repeat(10 * 1024)}`, 'URLが長すぎます(2,048文字まで)。', 'url'],
    ['https://no-such-host.invalid/x', 'URLのホスト名を解決できません。', 'url'],
    ['', '入力してください。', 'url'],
  ];
  for (const [bad, message, field] of cases) {
    const { res } = await registerLinkage(client, t, bad);
    assert.equal(res.status, 400, `${bad.slice(0, 60)}: ${res.status}`);
    assert.ok(res.text.includes('入力内容に誤りがあります。'), bad.slice(0, 60));
    assert.ok(res.text.includes(message), `${bad.slice(0, 60)}: ${message}`);
    assert.ok(res.text.includes(`id="${field}-error"`));
    assert.ok(!res.text.includes('secret@') && !res.text.includes('a'.repeat(100)), 'the URL is not echoed');
  }
  // a bad customer ID or a missing label, with a good URL
  for (const [over, message] of [[{ customer_id: 'not-a-uuid' }, '顧客IDはUUIDの形式'], [{ customer_id: `${UUID}0` }, '顧客IDはUUIDの形式'], [{ org: '' }, '']]) {
    const { res } = await registerLinkage(client, t, url, over);
    assert.equal(res.status, 400);
    assert.ok(res.text.includes(message));
  }
  assert.deepEqual(linkagesOf(t.id), [], 'nothing stored');
  assert.deepEqual(hooksFor(tag), [], 'nothing sent');
  // the English page speaks English
  const en = await loginAs('customer_admin', t, { lang: 'en' });
  const { res } = await registerLinkage(en.client, t, 'http://hooks.example.com/x');
  assert.equal(res.status, 400);
  assert.ok(res.text.includes('Enter a URL starting with https://.'), res.text.slice(0, 200));
});

test('users, staff and other tenants see no linkage: 404, nothing changes', async () => {
  const t = tenantWithContract('分離テスト株式会社');
  const other = tenantWithContract('よその株式会社');
  const { client: admin } = await loginAs('customer_admin', t);
  const { tag, url } = hookUrl();
  const { id } = await registerLinkage(admin, t, url);
  assert.ok(id);
  const before = linkagesOf(t.id);
  const { client: user } = await loginAs('customer_user', t);
  const { client: stranger } = await loginAs('customer_admin', other);
  const analyst = (await staffLogin()).client;
  for (const [who, c] of [['customer_user', user], ['other admin', stranger], ['analyst', analyst]]) {
    const csrf = csrfOf((await c.get('/account/')).text);
    if (who !== 'other admin') {
      assert.equal((await c.get('/account/chat')).status, 404, `${who} GET list`);
      assert.ok(!(await c.get('/account/')).text.includes('id="nav-chat"'), `${who}: no menu entry`);
      const r = await c.post('/account/chat', { csrf, url, ...linkageFields() });
      assert.equal(r.status, 404, `${who} POST create`);
    }
    assert.equal((await c.get(`/account/chat/${id}/delete`)).status, 404, `${who} GET delete`);
    for (const action of ['test', 'disable', 'enable', 'delete']) {
      const r = await c.post(`/account/chat/${id}/${action}`, { csrf });
      assert.equal(r.status, 404, `${who} POST ${action}`);
    }
    // exactly like a linkage that does not exist
    assert.equal((await c.post('/account/chat/999999999/test', { csrf })).status, 404);
  }
  assert.deepEqual(linkagesOf(t.id), before);
  assert.deepEqual(linkagesOf(other.id), []);
  assert.deepEqual(webhookRows(id, 'テストメッセージ'), [], 'no message queued');
  assert.deepEqual(hooksFor(tag), []);
});

test('pause, resume and delete (with its confirmation page)', async () => {
  const t = tenantWithContract('操作テスト株式会社');
  const { client } = await loginAs('customer_admin', t);
  const { url } = hookUrl();
  const { id } = await registerLinkage(client, t, url, { org: '東京本社' });
  let r = await linkageAction(client, id, 'disable');
  assert.equal(r.headers.get('location'), '/account/chat?done=disabled');
  assert.equal(linkagesOf(t.id)[0].enabled, 0);
  const page = await client.get('/account/chat');
  assert.ok(page.text.includes('停止中'));
  assert.ok(!page.text.includes(`id="test-${id}"`), 'no test message while paused');
  r = await linkageAction(client, id, 'enable');
  assert.equal(r.headers.get('location'), '/account/chat?done=enabled');
  assert.equal(linkagesOf(t.id)[0].enabled, 1);
  const confirm = await client.get(`/account/chat/${id}/delete`);
  assert.equal(confirm.status, 200);
  assert.ok(confirm.text.includes('この連携を削除しますか'));
  assert.ok(confirm.text.includes('東京本社'));
  assert.equal(linkagesOf(t.id).length, 1, 'the confirmation page deletes nothing');
  r = await client.post(`/account/chat/${id}/delete`, { csrf: csrfOf(confirm.text) });
  assert.equal(r.headers.get('location'), '/account/chat?done=deleted');
  assert.deepEqual(linkagesOf(t.id), []);
  // without the form token nothing happens
  const again = await registerLinkage(client, t, url);
  r = await client.post(`/account/chat/${again.id}/delete`, { csrf: 'x' });
  assert.notEqual(r.status, 303);
  assert.equal(linkagesOf(t.id).length, 1);
});

test('an important-alert burst becomes one chat message per linkage, with the count of the rest', async () => {
  const t = tenantWithContract('バースト株式会社');
  const dev = addDevice(t);
  const { client, user } = await loginAs('customer_admin', t);
  const a = hookUrl();
  const b = hookUrl();
  const la = await registerLinkage(client, t, a.url, { org: '本社' });
  const lb = await registerLinkage(client, t, b.url, { org: '工場' });
  assert.ok(la.id && lb.id);
  const received = new Date(Date.now() - MIN);
  const ids = addAlerts(t, dev, Array.from({ length: 40 }, (_, i) => ({
    severity: 3, category: 'Webガード', received, detected: new Date(received.getTime() - 1000 - i),
    source: '192.0.2.10', destination: 'malware.example', description: '有害サイトへのアクセス', action: '確認してください',
    status: 'detected',
  })));
  const [hookA] = await until('the alert message of linkage A', () => hooksFor(a.tag).length && hooksFor(a.tag), 30000);
  const [hookB] = await until('the alert message of linkage B', () => hooksFor(b.tag).length && hooksFor(b.tag), 30000);
  for (const [h, org] of [[hookA, '本社'], [hookB, '工場']]) {
    assert.equal(h.body.kind, 'alert');
    assert.equal(h.body.organization, org);
    assert.match(h.body.title, /^脅威検出通知\(Webガード\) 重要度:★★★\(高\)$/);
    assert.match(h.body.text, /他 39 件/);
    assert.equal(h.body.details.alert_id, Number(pubid('alert', ids[0])));
    assert.equal(h.body.details.others, 39);
    assert.ok(h.body.link.endsWith(`/dashboard/alerts/${pubid('alert', ids[0])}`));
  }
  // the batch is whole (mails, chat rows and cursor commit together):
  // one message per linkage, not one per alert
  const [[email]] = dbRows(`SELECT email FROM users WHERE id = ${user.id}`);
  await waitForMail(email, { subject: '脅威検出通知(Webガード) 重要度:★★★(高)', timeoutMs: 30000 });
  assert.equal(webhookRows(la.id, '脅威検出通知').length, 1);
  assert.equal(webhookRows(lb.id, '脅威検出通知').length, 1);
  // a paused linkage gets nothing
  await linkageAction(client, lb.id, 'disable');
});

test('the chat tells only threats not resolved: a batch blocked or quarantined whole sends none, a mixed one its unresolved alerts', async () => {
  const t = tenantWithContract('未解決通知株式会社');
  const dev = addDevice(t);
  const { client, user } = await loginAs('customer_admin', t);
  const [[email]] = dbRows(`SELECT email FROM users WHERE id = ${user.id}`);
  const hook = hookUrl();
  const { id } = await registerLinkage(client, t, hook.url, { org: '情報システム部' });
  const alertHooks = () => hooksFor(hook.tag).filter((h) => h.body.kind === 'alert');
  const high = (status, i, received) => ({
    severity: 3, category: 'アンチウイルス', status, received, detected: new Date(received.getTime() - 1000 - i),
    description: 'ウイルスを検知しました', action: '端末を確認してください',
  });
  // blocked and quarantined only: the mail goes out (it says what was done), the chat stays silent
  const r1 = new Date(Date.now() - MIN);
  addAlerts(t, dev, [high('blocked', 0, r1), high('quarantined', 1, r1), high('quarantined', 2, r1)]);
  const mail = await waitForMail(email, { subject: '脅威検出通知(アンチウイルス) 重要度:★★★(高)', timeoutMs: 30000 });
  assert.ok(mail.body.includes('通信をブロックしました'), 'the headline (the oldest) was blocked');
  await until('the cursor past the batch', () => Number(dbRows(`SELECT COUNT(*) FROM alert_mail_cursor c
    WHERE c.tenant_id = ${t.id} AND c.last_alert_id >= (SELECT MAX(id) FROM alerts WHERE tenant_id = ${t.id})`)[0][0]) === 1, 30000);
  assert.equal(webhookRows(id, '脅威検出通知').length, 0, 'no chat message for handled threats');
  // the next window: quarantined (headline of the mail), detected and allowed: the chat tells the unresolved two
  dbRows(`UPDATE alert_mail_cursor SET last_mail_at = last_mail_at - INTERVAL 1 DAY WHERE tenant_id = ${t.id}`);
  const r2 = new Date(Date.now() - MIN);
  const ids = addAlerts(t, dev, [high('quarantined', 0, r2), high('detected', 1, r2), high('allowed', 2, r2)]);
  const [msg] = await until('the chat message', () => alertHooks().length && alertHooks(), 30000);
  assert.equal(msg.body.details.alert_id, Number(pubid('alert', ids[1])), 'about the first unresolved alert');
  assert.equal(msg.body.details.others, 1, 'the other unresolved one, not the quarantined one');
  assert.match(msg.body.text, /解決されていません/);
  const mails = await until('the second mail', () => mailsTo(email, { subject: '脅威検出通知(アンチウイルス) 重要度:★★★(高)' }).length === 2
    && mailsTo(email, { subject: '脅威検出通知(アンチウイルス) 重要度:★★★(高)' }), 30000);
  assert.ok(mails.some((m) => m.body.includes('隔離しました') && m.body.includes('他 2 件')), 'a quarantined headline is told as quarantined');
  assert.equal(webhookRows(id, '脅威検出通知').length, 1);
});

test('a failing webhook is retried, marked failing and its admins mailed once', async () => {
  const t = tenantWithContract('失敗テスト株式会社');
  const { client, user } = await loginAs('customer_admin', t);
  const [[email]] = dbRows(`SELECT email FROM users WHERE id = ${user.id}`);
  const { tag, url } = hookUrl({ fail: true });
  const { id } = await registerLinkage(client, t, url, { org: '失敗する部署' });
  await linkageAction(client, id, 'test');
  // each retry is made due at once instead of waiting for the backoff
  for (let n = 1; n <= 5; n++) {
    await until(`failed attempt ${n}`, () => hooksFor(tag).length >= n && linkagesOf(t.id)[0].failures >= n, 30000);
    dbRows(`UPDATE outbox SET next_attempt_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE recipient = 'chat:${id}' AND status = 'pending' AND subject = 'テストメッセージ'`);
  }
  await until('the linkage marked failing', () => linkagesOf(t.id)[0].failing === 1, 30000);
  const mail = await waitForMail(email, { subject: FAILING_SUBJECT, timeoutMs: 30000 });
  assert.ok(mail.body.includes('失敗する部署'));
  assert.ok(mail.body.includes('…Zq9X'), 'the masked URL');
  assert.ok(!mail.body.includes(tag), 'never the whole URL');
  assert.ok(mail.body.includes('webhook answered HTTP 500'));
  const page = await client.get('/account/chat');
  assert.ok(page.text.includes('送信失敗が続いています'));
  // more failures: still one mail
  dbRows(`UPDATE outbox SET next_attempt_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE recipient = 'chat:${id}' AND status = 'pending' AND subject = 'テストメッセージ'`);
  await until('failed attempt 6', () => linkagesOf(t.id)[0].failures >= 6, 30000);
  const [[pending]] = dbRows(`SELECT COUNT(*) FROM chat_linkages WHERE id = ${id} AND failing = 1 AND failing_mailed = 1`);
  assert.equal(Number(pending), 1);
  assert.equal(mailsTo(email, { subject: FAILING_SUBJECT }).length, 1);
  assert.deepEqual(logsContain(tag), [], 'the URL is in no log');
});
