// The profile (ACC-1, AUTH-12, X-7; seed 002 §4.13.1-4.13.2): display name,
// phones, language, time zone for every logged-in user (staff too); the
// e-mail address changes after a step-up, through a single-use link mailed
// to the new address (valid 24 hours), with notices to the old one.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, loggedIn, createUser, csrfOf, textById, uniqueId, dbRows, uniqueMobile, chooseMfa, TENANT_A,
} from '../lib/http.mjs';
import { waitForMail, outboxTo } from '../lib/mail.mjs';
import { openCase } from '../lib/cases.mjs';
import { staffLogin } from '../lib/staff.mjs';
import { userRow, eventsOf, loginAs, userAction } from '../lib/users.mjs';

const STALE = 10 * 60 + 1;	// Auth.StepUpMinutes = 10
const HOUR = 3600;
const CONFIRM_SUBJECT = '【Mimamori】メールアドレス変更の確認';
const REQUESTED_SUBJECT = '【Mimamori】メールアドレス変更の申請がありました';
const CHANGED_SUBJECT = '【Mimamori】メールアドレスが変更されました';
const INVALID = 'このリンクは無効か、有効期限が切れているか、既に使用されています。もう一度プロフィールから変更してください。';

async function saveProfile(client, over = {}, { clock } = {}) {
  const form = await client.get('/account/profile', { clock });
  assert.equal(form.status, 200);
  const value = (id) => (new RegExp(`id="${id}"[^>]*value="([^"]*)"`).exec(form.text) || [])[1] ?? '';
  const selected = (id) => (new RegExp(`<select id="${id}"[\\s\\S]*?<option(?: value="[^"]*")? selected>([^<]*)<`).exec(form.text) || [])[1];
  const fields = {
    csrf: csrfOf(form.text), name: value('name'), phone: value('phone'), mobile: value('mobile'),
    lang: /<option value="en" selected>/.test(form.text) ? 'en' : 'ja', time_zone: selected('time_zone'), ...over,
  };
  return client.post('/account/profile', fields, { clock });
}

/** Asks for an e-mail change (after a fresh login: step-up is fresh). */
async function requestEmail(client, email, { clock } = {}) {
  const form = await client.get('/account/profile/email', { clock });
  assert.equal(form.status, 200, `GET /account/profile/email: ${form.status} ${form.headers.get('location')}`);
  return client.post('/account/profile/email', { csrf: csrfOf(form.text), email }, { clock });
}

function linkIn(body) {
  const m = /https?:\/\/[^\s/]+(\/account\/email\/[A-Za-z0-9_-]+)/.exec(body);
  assert.ok(m, `a confirmation link in ${JSON.stringify(body)}`);
  return m[1];
}

test('profile: name, phones, language and time zone are saved; bad input changes nothing', async () => {
  const { user, client } = await loggedIn({ name: '表示 前' });
  const page = await client.get('/account/profile');
  assert.equal(page.status, 200);
  assert.equal(textById(page.text, 'profile-login-id'), user.login);
  assert.match(page.text, /<option selected>Asia\/Tokyo<\/option>/);
  let r = await saveProfile(client, { name: '表示 後', phone: '03-9999-0000', mobile: '09011112222', time_zone: 'Europe/Paris' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/account/profile?done=saved');
  let row = userRow(user.id);
  assert.deepEqual([row.name, row.phone, row.mobile, row.zone], ['表示 後', '03-9999-0000', '09011112222', 'Europe/Paris']);
  assert.ok(eventsOf(user.id).includes('profile.change'));
  const saved = await client.get('/account/profile?done=saved');
  assert.equal(textById(saved.text, 'profile-notice'), 'プロフィールを保存しました。');
  assert.match(saved.text, /<span class="menu-user">表示 後<\/span>/);
  const before = userRow(user.id);
  for (const [over, id, message] of [
    [{ name: '' }, 'name-error', '入力してください。'],
    [{ name: 'x'.repeat(101) }, 'name-error', '長すぎます。'],
    [{ time_zone: 'Etc/Nowhere' }, 'time-zone-error', '一覧にあるタイムゾーンを選んでください。'],
    [{ time_zone: 'posix/Asia/Tokyo' }, 'time-zone-error', '一覧にあるタイムゾーンを選んでください。'],
    [{ lang: 'de' }, 'lang-error', '形式が正しくありません。'],
    [{ mobile: '090-1111-2222' }, 'mobile-error', '半角数字で入力してください。'],
    [{ phone: '<script>' }, 'phone-error', '電話番号は半角数字と - + ( ) で入力してください。'],
  ]) {
    r = await saveProfile(client, over);
    assert.equal(r.status, 400, JSON.stringify(over));
    assert.equal(textById(r.text, id), message, JSON.stringify(over));
  }
  // what was mistyped comes back in its field, escaped, next to its error
  r = await saveProfile(client, { phone: '03-1234-567x<"b">', mobile: '090-1111-2222', name: '表示 直し中' });
  assert.equal(r.status, 400);
  assert.ok(r.text.includes('id="phone" name="phone" type="tel" maxlength="20" autocomplete="tel" value="03-1234-567x&lt;&quot;b&quot;&gt;"'),
    'the wrong phone is shown back, escaped');
  assert.ok(!r.text.includes('567x<"b">'), 'never unescaped');
  assert.match(r.text, /id="mobile"[^>]*value="090-1111-2222"/, 'the wrong mobile is shown back');
  assert.match(r.text, /id="name"[^>]*value="表示 直し中"/, 'the valid fields keep their values');
  r = await client.post('/account/profile', { name: 'CSRF なし', lang: 'ja', time_zone: 'UTC' });
  assert.equal(r.status, 403);
  assert.deepEqual(userRow(user.id), before, 'nothing changed');
  // the language switches the whole UI
  r = await saveProfile(client, { lang: 'en' });
  assert.equal(r.status, 303);
  const en = await client.get('/account/profile');
  assert.match(en.text, /<html lang="en">/);
  assert.ok(en.text.includes('User profile'));
  row = userRow(user.id);
  assert.equal(row.lang, 'en');
});

test('staff have a profile too', async () => {
  const { user, client } = await staffLogin();
  const r = await saveProfile(client, { name: 'SOC 担当', time_zone: 'UTC' });
  assert.equal(r.status, 303);
  assert.equal(userRow(user.id).zone, 'UTC');
});

test('the time zone moves every time shown, e.g. on /cases/', async () => {
  const { client } = await loggedIn();
  const no = await openCase(client, { subject: 'タイムゾーン確認' });
  const updatedOf = async () => {
    const list = await client.get('/cases/');
    const tr = new RegExp(`${no}[\\s\\S]*?</tr>`).exec(list.text)[0];
    const times = [...tr.matchAll(/(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/g)].map((m) => m[1]);
    assert.equal(times.length, 1, tr);
    return Date.parse(`${times[0].replace(' ', 'T')}Z`);
  };
  const tokyo = await updatedOf();
  assert.equal((await saveProfile(client, { time_zone: 'UTC' })).status, 303);
  const utc = await updatedOf();
  assert.equal(tokyo - utc, 9 * HOUR * 1000, 'Tokyo is 9 hours ahead of UTC');
  assert.equal((await saveProfile(client, { time_zone: 'America/Los_Angeles' })).status, 303);
  const la = await updatedOf();
  assert.ok(utc - la === 8 * HOUR * 1000 || utc - la === 7 * HOUR * 1000, `LA is 7 or 8 hours behind: ${utc - la}`);
});

test('e-mail change: step-up, link to the new address, notice to the old; changes only on confirmation; single use', async () => {
  const oldEmail = uniqueId('old');
  const { user, client } = await loggedIn({ email: oldEmail });
  const newEmail = uniqueId('new');
  // an old session is sent to the step-up first, and nothing is sent
  const stale = await client.get('/account/profile/email', { clock: STALE });
  assert.equal(stale.status, 303);
  assert.equal(stale.headers.get('location'), '/auth/stepup?next=%2Faccount%2Fprofile%2Femail');
  const page = await client.get('/account/profile', { clock: STALE });
  const post = await client.post('/account/profile/email', { csrf: csrfOf(page.text), email: newEmail }, { clock: STALE });
  assert.equal(post.headers.get('location'), '/auth/stepup?again=1&next=%2Faccount%2Fprofile%2Femail');
  assert.equal(outboxTo(newEmail).length, 0);
  // fresh (the login is a proof)
  let r = await requestEmail(client, 'broken@');
  assert.equal(r.status, 400);
  assert.equal(textById(r.text, 'email-error'), 'メールアドレスの形式が正しくありません。');
  r = await requestEmail(client, oldEmail.toUpperCase());
  assert.equal(textById(r.text, 'email-error'), '現在と同じメールアドレスです。');
  r = await requestEmail(client, newEmail);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/account/profile?done=sent');
  assert.equal(userRow(user.id).email, oldEmail, 'not changed yet');
  const prof = await client.get('/account/profile');
  assert.ok(textById(prof.text, 'profile-pending').includes(newEmail));
  const confirm = await waitForMail(newEmail, { subject: CONFIRM_SUBJECT });
  const notice = await waitForMail(oldEmail, { subject: REQUESTED_SUBJECT });
  assert.ok(notice.body.includes(newEmail));
  assert.ok(!/\/account\/email\//.test(notice.body), 'the old address never gets the link');
  const path = linkIn(confirm.body);
  assert.equal(dbRows(`SELECT COUNT(*) FROM email_changes WHERE token_hash = UNHEX(SHA2(${`'${path.split('/').pop()}'`}, 256))`)[0][0], '1', 'stored hashed');
  assert.equal(dbRows(`SELECT COUNT(*) FROM email_changes WHERE user_id = ${user.id} AND new_email = '${path.split('/').pop()}'`)[0][0], '0');
  // a GET (a mail scanner) changes nothing
  const anon = new Client();
  const ask = await anon.get(path);
  assert.equal(ask.status, 200);
  assert.ok(textById(ask.text, 'confirm-ask').includes(newEmail));
  assert.equal(userRow(user.id).email, oldEmail);
  // a POST without the token changes nothing either
  assert.equal((await anon.post(path, {})).status, 403);
  const done = await anon.post(path, { csrf: csrfOf(ask.text) });
  assert.equal(done.status, 200);
  assert.ok(textById(done.text, 'confirm-done').includes(newEmail));
  assert.equal(userRow(user.id).email, newEmail);
  await waitForMail(oldEmail, { subject: CHANGED_SUBJECT });
  assert.ok(eventsOf(user.id).includes('email.change_requested'));
  assert.ok(eventsOf(user.id).includes('email.change'));
  // single use
  const again = await new Client().get(path);
  assert.equal(again.status, 404);
  assert.equal(textById(again.text, 'confirm-invalid'), INVALID);
  const replay = await anon.post(path, { csrf: csrfOf(ask.text) });
  assert.equal(replay.status, 404);
  // notices now go to the new address: the password reset matches it
  assert.equal(dbRows(`SELECT email FROM users WHERE id = ${user.id}`)[0][0], newEmail);
});

test('e-mail change link: expires after 24 hours; a newer request voids the older link', async () => {
  const { user, client } = await loggedIn();
  const first = uniqueId('first');
  assert.equal((await requestEmail(client, first)).status, 303);
  const path = linkIn((await waitForMail(first, { subject: CONFIRM_SUBJECT })).body);
  const expired = await new Client().get(path, { clock: 24 * HOUR + 5 });
  assert.equal(expired.status, 404);
  assert.equal(textById(expired.text, 'confirm-invalid'), INVALID);
  const c = new Client();
  const ask = await c.get(path, { clock: 24 * HOUR - 60 });
  assert.equal(ask.status, 200, 'still valid a minute before');
  assert.equal((await c.post(path, { csrf: csrfOf(ask.text) }, { clock: 24 * HOUR + 5 })).status, 404);
  assert.equal(userRow(user.id).email, user.login);
  const second = uniqueId('second');
  assert.equal((await requestEmail(client, second)).status, 303);
  assert.equal((await new Client().get(path)).status, 404, 'the first link is void');
  const path2 = linkIn((await waitForMail(second, { subject: CONFIRM_SUBJECT })).body);
  const ask2 = await c.get(path2);
  assert.equal((await c.post(path2, { csrf: csrfOf(ask2.text) })).status, 200);
  assert.equal(userRow(user.id).email, second);
});

test('e-mail change link: disabling the user voids it', async () => {
  const { user, client } = await loggedIn({ tenant: TENANT_A.no });
  const newEmail = uniqueId('disnew');
  assert.equal((await requestEmail(client, newEmail)).status, 303);
  const path = linkIn((await waitForMail(newEmail, { subject: CONFIRM_SUBJECT })).body);
  const c = new Client();
  const ask = await c.get(path);
  assert.equal(ask.status, 200, 'valid before');
  const { client: admin } = await loginAs('customer_admin', TENANT_A);
  const off = await userAction(admin, user.id, 'disable');
  assert.equal(off.status, 303);
  assert.equal(userRow(user.id).disabled, '1');
  const after = await c.post(path, { csrf: csrfOf(ask.text) });
  assert.equal(after.status, 404, 'the link of a disabled user changes nothing');
  assert.equal(textById(after.text, 'confirm-invalid'), INVALID);
  assert.equal(userRow(user.id).email, user.login);
  // enabled again, the old link stays void
  assert.equal((await userAction(admin, user.id, 'enable')).status, 303);
  assert.equal((await new Client().get(path)).status, 404);
  assert.equal(userRow(user.id).email, user.login);
});

test('the SMS number of 2-step verification does not change through the profile', async () => {
  const { user, client } = await loggedIn();
  const mobile = uniqueMobile();
  await chooseMfa(client, 'sms', { mobile });
  assert.equal(userRow(user.id).mfa, 'sms');
  const r = await saveProfile(client, { mobile: uniqueMobile() });
  assert.equal(r.status, 400);
  assert.equal(textById(r.text, 'mobile-error'), 'この携帯電話番号は2段階認証(SMS)に使われています。2段階認証の設定から変更してください。');
  assert.equal(userRow(user.id).mobile, mobile);
  assert.equal((await saveProfile(client, { name: '番号 そのまま' })).status, 303);
});

test('too many confirmation mails are refused for an hour', async () => {
  const { client } = await loggedIn();
  for (let i = 0; i < 5; i++) assert.equal((await requestEmail(client, uniqueId(`m${i}`))).status, 303);
  const r = await requestEmail(client, uniqueId('m6'));
  assert.equal(r.status, 429);
  assert.equal(textById(r.text, 'email-error'), '確認メールの送信回数が上限に達しました。しばらくしてからもう一度お試しください。');
});
