// The analyst console of the service application (SIGNUP-7, SIGNUP-4):
// /staff/signup/ list and detail, approval (tenant, contract, devices, login
// users, provisional registration mails), rejection, one decision only, and
// the staff-edited additional questions.
//
// The applications decided here are inserted with the mariadb client (each
// with its own e-mail addresses), so these tests depend on nothing of the
// public wizard. Question edits use questions added by the test and retired
// again, so the wizard's tests running alongside keep the default questions.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  Client, createUser, loggedIn, csrfOf, textById, decodeEntities, uniqueId, dbConfig, dbRows,
  sqlString, TENANT_A,
} from '../lib/http.mjs';
import { waitForMail, mailsTo } from '../lib/mail.mjs';
import { expectNoNewOutbox } from '../lib/outbox.mjs';
import { staffLogin } from '../lib/staff.mjs';

const PROVISIONAL = '仮登録完了のお知らせ';
const PROVISIONAL_EN = 'Your provisional registration is complete';
const rejectedSubject = (no) => `お申込みについてのお知らせ(申請番号:${no})`;
const MSG = {
  notPending: 'この申込みは承認待ちではないため、承認・却下できません。',
  confirmRequired: '承認する前に、申込み内容を確認したことをチェックしてください。',
  reasonRequired: '却下の理由を入力してください。',
  tooLong: '長すぎます。',
  hasDependents: 'この質問を条件にしている使用中の質問があります。',
  conditionRetired: 'この質問の条件になっている質問が廃止されています。',
  moveRetired: '廃止した質問は並べ替えできません。',
};

// --- database -------------------------------------------------------------

/** Runs statements on the stack's database (test set-up only). */
function dbExec(sqlText) {
  const { socket, name } = dbConfig();
  return execFileSync('mariadb', ['--no-defaults', '--default-character-set=utf8mb4',
    `--socket=${socket}`, '-uroot', '--batch', '--raw', '--skip-column-names', '-e', sqlText, name],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

const one = (sqlText) => { const r = dbRows(sqlText); return r.length ? r[0][0] : undefined; };

function appNo() {
  const abc = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return `AAP-${[...randomBytes(8)].map((b) => abc[b % abc.length]).join('')}`;
}

/**
 * Inserts an application the way the wizard leaves it (default: completed,
 * i.e. confirmed by the applicant) and returns what it inserted.
 */
function insertApplication({
  status = 'completed', lang = 'ja', company = `テスト審査株式会社 ${randomBytes(3).toString('hex')}`,
  email = uniqueId('app'), dests = [{ units: 1 }], users, answers = [[1, 'no']],
} = {}) {
  const no = appNo();
  const us = users || [{ surname: '日電', given: '太郎', email }];
  const confirmed = status === 'unconfirmed' || status === 'expired' ? 'NULL' : 'UTC_TIMESTAMP()';
  const s = sqlString;
  const statements = [
    'INSERT INTO applications (app_no, status, company, surname, given_name, department, position,'
    + ' email, postal_code, prefecture, address, phone, lang, confirm_token_hash, created_at,'
    + ' confirm_expires_at, confirmed_at, ip) VALUES ('
    + `${s(no)}, ${s(status)}, ${s(company)}, '日電', '太郎', '情報システム部', '課長', ${s(email)},`
    + ` '2118666', '神奈川県', '川崎市中原区下沼部1753', '01023456789', ${s(lang)},`
    + ` UNHEX(SHA2(${s(no + randomBytes(8).toString('hex'))}, 256)), UTC_TIMESTAMP(),`
    + ` UTC_TIMESTAMP() + INTERVAL 3 DAY, ${confirmed}, '192.0.2.10')`,
    'SET @app = LAST_INSERT_ID()',
    ...dests.map((d, i) => 'INSERT INTO application_destinations (application_id, seq, company, surname,'
      + ' given_name, department, postal_code, prefecture, address, phone, units) VALUES'
      + ` (@app, ${i + 1}, ${s(d.company || `送付先${i + 1}`)}, '送付', ${s(`先${i + 1}`)}, '',`
      + ` '1000001', '東京都', ${s(`千代田区千代田${i + 1}`)}, '0312345678', ${Number(d.units)})`),
    ...us.map((u, i) => 'INSERT INTO application_users (application_id, seq, surname, given_name, email, mobile)'
      + ` VALUES (@app, ${i + 1}, ${s(u.surname)}, ${s(u.given)}, ${s(u.email)}, ${s(u.mobile || '')})`),
    ...answers.map(([q, a]) => 'INSERT INTO application_answers (application_id, question_id, answer)'
      + ` VALUES (@app, ${Number(q)}, ${s(a)})`),
    'SELECT @app',
  ];
  const id = Number(dbExec(statements.join(';\n')));
  assert.ok(id > 0, 'application inserted');
  return { id, no, company, email, users: us, dests };
}

const appRow = (id) => {
  // the reason may hold line breaks: it travels as hex
  const [r] = dbRows(`SELECT status, decided_by, tenant_id, HEX(reject_reason), decided_at FROM applications WHERE id = ${Number(id)}`);
  return {
    status: r[0], decidedBy: r[1], tenantId: r[2], reason: r[3] === null ? null : Buffer.from(r[3], 'hex').toString('utf8'), decidedAt: r[4],
  };
};

// --- staff login ------------------------------------------------------------

let staffPromise;
/** One analyst for the tests of this file (logging in costs a TOTP step). */
function staff() {
  staffPromise ||= staffLogin();
  return staffPromise;
}

async function detail(client, no) {
  const res = await client.get(`/staff/signup/applications/${no}`);
  assert.equal(res.status, 200, `detail of ${no}`);
  return res;
}

async function decide(client, no, action, fields = {}) {
  const page = await detail(client, no);
  return client.post(`/staff/signup/applications/${no}/${action}`, { csrf: csrfOf(page.text), ...fields });
}

function userIdAndPassword(mail) {
  const id = /^ユーザID : (\S+)$/m.exec(mail.body);
  const pw = /^仮パスワード : (\S+)$/m.exec(mail.body);
  assert.ok(id && pw, `user ID and temporary password in ${JSON.stringify(mail.body)}`);
  return { login: id[1], password: pw[1] };
}

// --- tests --------------------------------------------------------------------

test('an analyst must set up 2-step verification before the console opens', async () => {
  const user = createUser({ role: 'analyst', name: '審査 初回' });
  const c = new Client();
  const res = await c.login(user.login, user.password);
  assert.equal(res.headers.get('location'), '/auth/first');
  // a half-finished login reaches no console page
  const early = await c.get('/staff/signup/');
  assert.equal(early.status, 303);
  assert.equal(early.headers.get('location'), '/auth/first');
  const { client } = await staffLogin();
  const list = await client.get('/staff/signup/');
  assert.equal(list.status, 200);
  assert.match(list.text, /id="nav-staff-signup"/, 'the analyst menu links the console');
});

test('customers get 404 on every console URL, GET and POST; anonymous users go to login', async () => {
  const app = insertApplication();
  const paths = ['/staff/signup/', '/staff/signup/?status=all', `/staff/signup/applications/${app.no}`,
    '/staff/signup/applications/AAP-NOSUCH00', '/staff/signup/questions'];
  for (const role of ['customer_user', 'customer_admin']) {
    const { client } = await loggedIn({ role, tenant: TENANT_A.no });
    const home = await client.get('/');
    assert.equal(home.status, 200);
    assert.ok(!home.text.includes('nav-staff-signup'), 'no console link for customers');
    const csrf = csrfOf(home.text);
    for (const p of paths) {
      const res = await client.get(p);
      assert.equal(res.status, 404, `${role} GET ${p}`);
      assert.ok(!res.text.includes(app.company), `${role} GET ${p} shows nothing of the application`);
    }
    for (const [p, fields] of [
      [`/staff/signup/applications/${app.no}/approve`, { confirm: '1' }],
      [`/staff/signup/applications/${app.no}/reject`, { reason: 'x' }],
      ['/staff/signup/questions', { op: 'retire', id: '1' }],
      ['/staff/signup/questions', { op: 'add', kind: 'text', label_ja: 'x', label_en: 'x' }],
    ]) {
      const res = await client.post(p, { csrf, ...fields });
      assert.equal(res.status, 404, `${role} POST ${p}`);
      const bare = await client.post(p, fields);
      assert.equal(bare.status, 404, `${role} POST ${p} without token`);
    }
  }
  const anon = new Client();
  const res = await anon.get('/staff/signup/');
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/auth/login?next=%2Fstaff%2Fsignup%2F');
  assert.equal(appRow(app.id).status, 'completed', 'nothing was decided');
  assert.equal(one(`SELECT retired FROM signup_questions WHERE id = 1`), '0');
});

test('list: awaiting decision by default, filters, keyword, counts and paging', async () => {
  const { client } = await staff();
  const tag = `一覧${randomBytes(4).toString('hex')}`;
  const app = insertApplication({
    company: `${tag} 株式会社`,
    dests: [{ units: 2 }, { units: 3 }],
    users: [
      { surname: '一覧', given: '一郎', email: uniqueId('l1') },
      { surname: '一覧', given: '二郎', email: uniqueId('l2') },
    ],
  });
  const unconfirmed = insertApplication({ status: 'unconfirmed', company: `${tag} 未確認` });

  const res = await client.get(`/staff/signup/?q=${encodeURIComponent(tag)}`);
  assert.equal(res.status, 200);
  assert.match(res.text, /<option value="completed" selected>/, 'default filter: awaiting decision');
  assert.equal(textById(res.text, 'list-count'), '1~1 件目 / 1 件');
  const rows = [...res.text.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1)
    .map((m) => [...m[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => decodeEntities(c[1].replace(/<[^>]*>/g, '')).trim()));
  assert.equal(rows.length, 1);
  const [no, company, applicant, email, units, users, confirmedAt] = rows[0];
  assert.equal(no, app.no);
  assert.equal(company, app.company);
  assert.equal(applicant, '日電 太郎');
  assert.equal(email, app.email);
  assert.equal(units, '5');
  assert.equal(users, '2');
  // shown in the analyst's zone (default Asia/Tokyo), confirmed just now
  assert.match(confirmedAt, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  const shownAt = Date.parse(`${confirmedAt.replace(' ', 'T')}+09:00`);
  assert.ok(Math.abs(shownAt - Date.now()) < 5 * 60 * 1000, `${confirmedAt} is now in Tokyo`);
  assert.ok(res.text.includes(`href="/staff/signup/applications/${app.no}"`));
  assert.ok(!res.text.includes(unconfirmed.no), 'unconfirmed applications are not awaiting a decision');

  const all = await client.get(`/staff/signup/?status=all&q=${encodeURIComponent(tag)}`);
  assert.equal(textById(all.text, 'list-count'), '1~2 件目 / 2 件');
  assert.ok(all.text.includes(unconfirmed.no) && all.text.includes(app.no));
  const unc = await client.get(`/staff/signup/?status=unconfirmed&q=${encodeURIComponent(tag)}`);
  assert.ok(unc.text.includes(unconfirmed.no) && !unc.text.includes(app.no));
  // the keyword is text, not a pattern
  const pct = await client.get(`/staff/signup/?status=all&q=${encodeURIComponent(`${tag}%`)}`);
  assert.equal(textById(pct.text, 'list-count'), '該当する申込みはありません。');
  // a bad filter falls back to the default and says so
  const bad = await client.get('/staff/signup/?status=nonsense&page=x');
  assert.equal(bad.status, 200);
  assert.match(bad.text, /<option value="completed" selected>/);

  // 21 applications of one company: 20 per page
  const pageTag = `頁${randomBytes(4).toString('hex')}`;
  const many = Array.from({ length: 21 }, () => insertApplication({ company: `${pageTag} 商事` }));
  const p1 = await client.get(`/staff/signup/?q=${encodeURIComponent(pageTag)}`);
  assert.equal(textById(p1.text, 'list-count'), '1~20 件目 / 21 件');
  assert.match(p1.text, /id="page-next"/);
  const next = /href="([^"]*)" rel="next"/.exec(p1.text)[1];
  const p2 = await client.get(decodeEntities(next));
  assert.equal(textById(p2.text, 'list-count'), '21~21 件目 / 21 件');
  assert.match(p2.text, /id="page-prev"/);
  // queue order: the oldest completed application first
  const onPages = [p1.text, p2.text].join('');
  assert.equal(many.filter((a) => onPages.includes(a.no)).length, 21);
  const beyond = await client.get(`/staff/signup/?q=${encodeURIComponent(pageTag)}&page=99`);
  assert.equal(textById(beyond.text, 'list-count'), '21~21 件目 / 21 件', 'a page past the end shows the last');
});

test('detail shows everything the applicant entered; unknown numbers are 404', async () => {
  const { client } = await staff();
  const app = insertApplication({
    dests: [{ units: 2, company: '送付先<b>本社</b>' }, { units: 1 }],
    users: [
      { surname: '詳細', given: '花子', email: uniqueId('d1'), mobile: '09012345678' },
      { surname: '詳細', given: '次郎', email: uniqueId('d2') },
    ],
    answers: [[1, 'yes'], [2, '川崎商工会議所'], [3, 'M-1234']],
  });
  const res = await detail(client, app.no);
  const t = res.text;
  assert.equal(textById(t, 'app-no'), app.no);
  assert.equal(textById(t, 'app-status'), '承認待ち');
  assert.equal(textById(t, 'company'), app.company);
  assert.equal(textById(t, 'applicant'), '日電 太郎');
  assert.equal(textById(t, 'email'), app.email);
  assert.equal(textById(t, 'units-total'), '3');
  for (const s of ['情報システム部', '課長', '211-8666', '神奈川県', '川崎市中原区下沼部1753', '01023456789',
    '千代田区千代田1', '千代田区千代田2', '100-0001', '09012345678', app.users[0].email, app.users[1].email,
    '詳細 花子', '詳細 次郎', '管理者ユーザー', '一般ユーザー',
    '商工会議所/商工会の会員ですか？', '会員の場合、商工会議所/商工会名を入力してください。', '川崎商工会議所', 'M-1234']) {
    assert.ok(decodeEntities(t).includes(s), `detail shows ${s}`);
  }
  assert.match(t, /<dd class="pre">はい<\/dd>/, 'a yes/no answer reads はい');
  assert.ok(t.includes('送付先&lt;b&gt;本社&lt;/b&gt;'), 'entered text is escaped');
  assert.match(t, /id="approve-form"/);
  assert.match(t, /id="reject-form"/);

  for (const p of ['AAP-ZZZZZZZZ', 'AAP-1', `${app.no}x`, `${app.no}/`, `AAP-${app.no.slice(4).toLowerCase()}`,
    `aap-${app.no.slice(4)}`, 'x', ''].filter((p) => p !== app.no)) {
    const r = await client.get(`/staff/signup/applications/${p}`);
    assert.equal(r.status, 404, `GET …/applications/${p}`);
  }
  const csrf = csrfOf(t);
  for (const p of [`AAP-ZZZZZZZZ/approve`, `${app.no}/accept`, `${app.no}`, `${app.no}/approve/x`]) {
    const r = await client.post(`/staff/signup/applications/${p}`, { csrf, confirm: '1' });
    assert.equal(r.status, 404, `POST …/applications/${p}`);
  }
  const unconfirmed = insertApplication({ status: 'unconfirmed' });
  const u = await detail(client, unconfirmed.no);
  assert.ok(textById(u.text, 'not-decidable'));
  assert.ok(!/id="approve-form"/.test(u.text), 'nothing to decide before the applicant confirmed');
});

test('an unconfirmed application whose link ran out reads 期限切れ in the list and the detail', async () => {
  const { client } = await staff();
  const tag = `期限${randomBytes(4).toString('hex')}`;
  const late = insertApplication({ status: 'unconfirmed', company: `${tag} 期限切れ` });
  const live = insertApplication({ status: 'unconfirmed', company: `${tag} 有効` });
  // the link of one ran out a minute ago; nobody applied since
  dbExec(`UPDATE applications SET confirm_expires_at = UTC_TIMESTAMP() - INTERVAL 1 MINUTE WHERE id = ${late.id}`);
  assert.equal(appRow(late.id).status, 'unconfirmed');

  const expired = await client.get(`/staff/signup/?status=expired&q=${encodeURIComponent(tag)}`);
  assert.equal(expired.status, 200);
  assert.equal(textById(expired.text, 'list-count'), '1~1 件目 / 1 件');
  assert.ok(expired.text.includes(late.no) && !expired.text.includes(live.no));
  const unc = await client.get(`/staff/signup/?status=unconfirmed&q=${encodeURIComponent(tag)}`);
  assert.ok(unc.text.includes(live.no) && !unc.text.includes(late.no));
  assert.equal(appRow(late.id).status, 'expired');

  // the detail page marks it too, without a list view first
  const later = insertApplication({ status: 'unconfirmed', company: `${tag} 詳細` });
  dbExec(`UPDATE applications SET confirm_expires_at = UTC_TIMESTAMP() - INTERVAL 1 MINUTE WHERE id = ${later.id}`);
  const page = await detail(client, later.no);
  assert.equal(textById(page.text, 'app-status'), '期限切れ');
  assert.equal(textById((await detail(client, live.no)).text, 'app-status'), 'メール確認待ち');
});

test('approval provisions tenant, contract, devices and users, and mails each user', async () => {
  const { client, user: analyst } = await staff();
  const taken = uniqueId('taken');
  createUser({ login: taken, tenant: TENANT_A.no });	// the second user's e-mail is someone's user ID
  const long = `${'l'.repeat(30)}${randomBytes(4).toString('hex')}@long.example`;	// > 40
  const app = insertApplication({
    dests: [{ units: 2 }, { units: 1 }],
    users: [
      { surname: '承認', given: '管理者', email: uniqueId('a1'), mobile: '09011112222' },
      { surname: '承認', given: '二人目', email: taken },
      { surname: '承認', given: '三人目', email: long },
    ],
  });

  // the box must be ticked
  const unticked = await decide(client, app.no, 'approve');
  assert.equal(unticked.status, 200);
  assert.equal(textById(unticked.text, 'confirm-error'), MSG.confirmRequired);
  assert.equal(appRow(app.id).status, 'completed');

  const res = await decide(client, app.no, 'approve', { confirm: '1' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), `/staff/signup/applications/${app.no}`);

  const row = appRow(app.id);
  assert.equal(row.status, 'approved');
  assert.equal(Number(row.decidedBy), analyst.id);
  assert.ok(row.tenantId);
  const tenants = dbRows(`SELECT customer_no, name FROM tenants WHERE id = ${row.tenantId}`);
  assert.equal(tenants.length, 1);
  assert.match(tenants[0][0], /^N\d{9}$/);
  assert.equal(tenants[0][1], app.company);
  const contracts = dbRows('SELECT c.id, c.application_id, c.service_name, c.plan, c.start_date = DATE(a.decided_at + INTERVAL 9 HOUR),'
    + ' c.next_renewal_date = DATE(a.decided_at + INTERVAL 9 HOUR) + INTERVAL 1 YEAR FROM contracts c'
    + ` JOIN applications a ON a.id = ${app.id} WHERE c.tenant_id = ${row.tenantId}`);
  assert.equal(contracts.length, 1);
  const [contractId, contractApp, service, plan, startOk, renewalOk] = contracts[0];
  assert.equal(Number(contractApp), app.id);
  assert.equal(service, 'サイバーセキュリティ見守りサービス');
  assert.equal(plan, 'スタンダード');
  assert.equal(startOk, '1', 'contract starts on the day of approval in Tokyo');
  assert.equal(renewalOk, '1', 'next renewal one year later');
  const devices = dbRows('SELECT d.contract_id, d.status, ad.seq FROM devices d'
    + ` JOIN application_destinations ad ON ad.id = d.destination_id WHERE d.tenant_id = ${row.tenantId} ORDER BY ad.seq`);
  assert.deepEqual(devices.map((d) => [d[0], d[1], d[2]]), [
    [contractId, 'awaiting_registration', '1'],
    [contractId, 'awaiting_registration', '1'],
    [contractId, 'awaiting_registration', '2'],
  ], 'one device per ordered unit, each with its destination');
  assert.equal(one(`SELECT COUNT(*) FROM devices WHERE tenant_id = ${row.tenantId}`), '3');

  const users = dbRows('SELECT u.id, u.login_id, u.email, u.display_name, u.role, u.setup_state,'
    + ' TIMESTAMPDIFF(SECOND, a.decided_at, u.temp_password_expires_at), u.password_hash, u.mobile, u.lang'
    + ' FROM application_users au JOIN users u ON u.id = au.user_id JOIN applications a ON a.id = au.application_id'
    + ` WHERE au.application_id = ${app.id} ORDER BY au.seq`);
  assert.equal(users.length, 3);
  assert.equal(one(`SELECT COUNT(*) FROM users WHERE tenant_id = ${row.tenantId}`), '3');
  const expectedLogin = [app.users[0].email, `${taken}.cs`, `${long.slice(0, 37)}.cs`];
  users.forEach(([, login, email, display, role, setup, ttl, hash, mobile, lang], i) => {
    assert.equal(login, expectedLogin[i], `user ${i + 1} user ID`);
    assert.ok(login.length <= 40);
    assert.equal(email, app.users[i].email);
    assert.equal(display, `${app.users[i].surname} ${app.users[i].given}`);
    assert.equal(role, i === 0 ? 'customer_admin' : 'customer_user');
    assert.equal(setup, 'password', 'first-login flow at the next login');
    assert.equal(ttl, String(14 * 86400), 'temporary password valid 14 days');
    assert.match(hash, /^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    assert.equal(mobile, i === 0 ? '09011112222' : null);
    assert.equal(lang, 'ja');
  });
  assert.equal(one(`SELECT COUNT(*) FROM auth_events WHERE event = 'signup.approve' AND user_id = ${analyst.id}`
    + ` AND occurred_at = '${row.decidedAt}'`), '1', 'the approval is recorded with the analyst');

  // each user gets the provisional registration mail; its user ID and password work
  for (let i = 0; i < 3; i++) {
    const mail = await waitForMail(app.users[i].email, { subject: PROVISIONAL });
    assert.match(mail.body, /^ご担当者様$/m);
    assert.match(mail.body, /この度は、弊社サービスにお申込みいただきまして、誠にありがとうございます。/);
    assert.match(mail.body, /^サービスポータルURL : https?:\/\/\S+\/$/m);
    assert.match(mail.body, /14 日を超過するとユーザID・仮パスワードの有効期限切れとなります。/);
    assert.match(mail.body, /パスワードをお忘れの方/);
    assert.ok(mail.body.includes(app.no));
    const { login, password } = userIdAndPassword(mail);
    assert.equal(login, expectedLogin[i]);
    assert.ok(password.length >= 12 && /[a-z]/.test(password) && /[A-Z]/.test(password)
      && /[0-9]/.test(password) && /[!@#$%&*?+\-=]/.test(password), `temporary password ${i + 1} meets the client policy`);
    assert.ok(!users[i][7].includes(password), 'stored only as a hash');
    const c = new Client();
    const li = await c.login(login, password);
    assert.equal(li.status, 303, `user ${i + 1} logs in`);
    assert.equal(li.headers.get('location'), '/auth/first');
    const step = await c.get('/auth/first');
    assert.equal(step.headers.get('location'), '/auth/first/password');
  }
  assert.match(mailsTo(app.users[0].email, { subject: PROVISIONAL })[0].body, /^権限 : 管理者ユーザー$/m);
  assert.match(mailsTo(app.users[1].email, { subject: PROVISIONAL })[0].body, /^権限 : 一般ユーザー$/m);

  // the page now tells who decided and what was created
  const after = await detail(client, app.no);
  assert.equal(textById(after.text, 'app-status'), '承認済み');
  assert.equal(textById(after.text, 'customer-no'), tenants[0][0]);
  assert.ok(textById(after.text, 'decided-by').includes(analyst.login));
  assert.ok(after.text.includes(`${taken}.cs`), 'created user IDs are listed');
  assert.ok(!/id="approve-form"/.test(after.text));
});

test('an English application gets the English mail', async () => {
  const { client } = await staff();
  const app = insertApplication({ lang: 'en' });
  const res = await decide(client, app.no, 'approve', { confirm: '1' });
  assert.equal(res.status, 303);
  const mail = await waitForMail(app.email, { subject: PROVISIONAL_EN });
  assert.match(mail.body, /^User ID : \S+$/m);
  assert.match(mail.body, /^Temporary password : \S+$/m);
  assert.match(mail.body, /14 days/);
  assert.equal(one(`SELECT u.lang FROM users u JOIN application_users au ON au.user_id = u.id`
    + ` WHERE au.application_id = ${app.id}`), 'en');
});

test('a decision is made once: a second approve or reject changes nothing', async () => {
  const { client } = await staff();
  const app = insertApplication({ dests: [{ units: 2 }] });
  // two approvals at the same moment: one wins, the other is told
  const page = await detail(client, app.no);
  const csrf = csrfOf(page.text);
  const both = await Promise.all([1, 2].map(() => client.post(`/staff/signup/applications/${app.no}/approve`,
    { csrf, confirm: '1' })));
  assert.deepEqual(both.map((r) => r.status).sort(), [200, 303]);
  const loser = both.find((r) => r.status === 200);
  assert.ok(textById(loser.text, 'decide-error').startsWith(MSG.notPending));
  const row = appRow(app.id);
  assert.equal(row.status, 'approved');
  const counts = () => dbRows(`SELECT (SELECT COUNT(*) FROM tenants WHERE name = ${sqlString(app.company)}),`
    + ` (SELECT COUNT(*) FROM devices WHERE tenant_id = ${row.tenantId}),`
    + ` (SELECT COUNT(*) FROM users WHERE tenant_id = ${row.tenantId}),`
    + ` (SELECT COUNT(*) FROM contracts WHERE application_id = ${app.id})`)[0];
  assert.deepEqual(counts(), ['1', '2', '1', '1']);
  await waitForMail(app.email, { subject: PROVISIONAL });

  const again = await client.post(`/staff/signup/applications/${app.no}/approve`, { csrf, confirm: '1' });
  assert.equal(again.status, 200);
  assert.ok(textById(again.text, 'decide-error').startsWith(MSG.notPending));
  const reject = await client.post(`/staff/signup/applications/${app.no}/reject`, { csrf, reason: '重複' });
  assert.equal(reject.status, 200);
  assert.ok(textById(reject.text, 'decide-error').startsWith(MSG.notPending));
  assert.deepEqual(counts(), ['1', '2', '1', '1']);
  const after = appRow(app.id);
  assert.equal(after.status, 'approved');
  assert.equal(after.reason, null);
  assert.equal(after.decidedAt, row.decidedAt);
  expectNoNewOutbox(app.email, 1, { message: 'one mail only' });

  // unconfirmed applications cannot be decided either
  const unconfirmed = insertApplication({ status: 'unconfirmed' });
  const u = await client.post(`/staff/signup/applications/${unconfirmed.no}/approve`, { csrf, confirm: '1' });
  assert.equal(u.status, 200);
  assert.ok(textById(u.text, 'decide-error'));
  assert.equal(appRow(unconfirmed.id).status, 'unconfirmed');
});

test('an e-mail with characters a user ID cannot hold gives a valid user ID, offered at the first login', async () => {
  const { client } = await staff();
  const email = `o'brien-${randomBytes(4).toString('hex')}@t.example`;
  const app = insertApplication({ users: [{ surname: '承認', given: '記号', email }] });
  const res = await decide(client, app.no, 'approve', { confirm: '1' });
  assert.equal(res.status, 303);
  const mail = await waitForMail(email, { subject: PROVISIONAL });
  const { login, password } = userIdAndPassword(mail);
  assert.equal(login, `${email.replace("'", '')}.cs`, 'the apostrophe left out, marked as not the address');
  assert.match(login, /^[A-Za-z0-9._@+-]{1,40}$/);
  const c = new Client();
  const first = await c.login(login, password);
  assert.equal(first.headers.get('location'), '/auth/first');
  const pwPage = await c.get('/auth/first/password');
  const NEW = 'Ap7!Qr4#Zx9=Km';
  const set = await c.post('/auth/first/password', { csrf: csrfOf(pwPage.text), password: NEW, password_confirm: NEW });
  assert.equal(set.headers.get('location'), '/auth/first/user-id');
  const page = await c.get('/auth/first/user-id');
  const field = /<input id="login_id"[^>]*>/.exec(page.text)[0];
  const offered = decodeEntities(/\bvalue="([^"]*)"/.exec(field)[1]);
  assert.equal(offered, login, 'the valid ID is offered, not the address');
  const kept = await c.post('/auth/first/user-id', { csrf: csrfOf(page.text), login_id: offered });
  assert.equal(kept.status, 303, 'the offered ID passes the form');
  assert.equal(kept.headers.get('location'), '/auth/first/mfa');
});

test('rejection needs a reason (at most 1000 characters) and mails it to the applicant', async () => {
  const { client, user: analyst } = await staff();
  const app = insertApplication();
  for (const reason of [undefined, '', '   \r\n  ']) {
    const res = await decide(client, app.no, 'reject', reason === undefined ? {} : { reason });
    assert.equal(res.status, 200);
    assert.equal(textById(res.text, 'reason-error'), MSG.reasonRequired);
  }
  const long = await decide(client, app.no, 'reject', { reason: 'あ'.repeat(1001) });
  assert.equal(textById(long.text, 'reason-error'), MSG.tooLong);
  const ctl = await decide(client, app.no, 'reject', { reason: 'a\u0007b' });
  assert.ok(textById(ctl.text, 'reason-error'));
  assert.equal(appRow(app.id).status, 'completed');

  // 1000 characters with line breaks (CRLF from the textarea counts as one)
  const reason = `お申込みの内容を確認できませんでした。\r\n${'い'.repeat(900)}\r\n<script>末尾</script>`;
  const res = await decide(client, app.no, 'reject', { reason });
  assert.equal(res.status, 303);
  const row = appRow(app.id);
  assert.equal(row.status, 'rejected');
  assert.equal(Number(row.decidedBy), analyst.id);
  assert.equal(row.tenantId, null);
  assert.equal(row.reason, reason.replace(/\r\n/g, '\n'), 'stored with LF line ends');
  const mail = await waitForMail(app.email, { subject: rejectedSubject(app.no) });
  assert.match(mail.body, /^ご担当者様$/m);
  assert.ok(mail.body.includes(reason.replace(/\r\n/g, '\n')), 'the reason is in the mail');
  assert.equal(one(`SELECT COUNT(*) FROM auth_events WHERE event = 'signup.reject' AND user_id = ${analyst.id}`
    + ` AND occurred_at = '${row.decidedAt}'`), '1');

  const page = await detail(client, app.no);
  assert.equal(textById(page.text, 'app-status'), '却下');
  assert.ok(textById(page.text, 'reject-reason').startsWith('お申込みの内容を確認できませんでした。'));
  assert.ok(page.text.includes('&lt;script&gt;末尾&lt;/script&gt;'));
  const approve = await client.post(`/staff/signup/applications/${app.no}/approve`, { csrf: csrfOf(page.text), confirm: '1' });
  assert.equal(approve.status, 200);
  assert.ok(textById(approve.text, 'decide-error').startsWith(MSG.notPending));
  assert.equal(appRow(app.id).status, 'rejected');
  assert.equal(one(`SELECT COUNT(*) FROM application_users au JOIN users u ON u.id = au.user_id WHERE au.application_id = ${app.id}`), '0');
  assert.equal(mailsTo(app.email, { subject: PROVISIONAL }).length, 0);
});

// --- questions ------------------------------------------------------------------

/** Active question ids in page order, retired ids, and the page. */
async function questionsPage(client) {
  const res = await client.get('/staff/signup/questions');
  assert.equal(res.status, 200);
  const ids = (tableId) => {
    const m = new RegExp(`<table[^>]*id="${tableId}"[\\s\\S]*?</table>`).exec(res.text);
    return m ? [...m[0].matchAll(/<tr id="question-(\d+)"/g)].map((x) => Number(x[1])) : [];
  };
  return { res, active: ids('questions-active'), retired: ids('questions-retired'), csrf: csrfOf(res.text) };
}

async function questionOp(client, op, id, extra = {}) {
  const { csrf } = await questionsPage(client);
  return client.post('/staff/signup/questions', { csrf, op, id: String(id), ...extra });
}

const questionRow = (id) => {
  const [r] = dbRows(`SELECT position, required, retired, kind, required_if_yes, max_length, label_ja, label_en FROM signup_questions WHERE id = ${Number(id)}`);
  return r && { position: Number(r[0]), required: r[1], retired: r[2], kind: r[3], cond: r[4], max: r[5], ja: r[6], en: r[7] };
};

test('questions: add, reorder, require, retire and restore (and refusals)', async () => {
  const { client } = await staff();
  const tag = randomBytes(3).toString('hex');
  const defaults = dbRows('SELECT id, position, required, retired FROM signup_questions WHERE id IN (1, 2, 3) ORDER BY id');
  try {
    // validation: nothing is inserted
    const before = one('SELECT COUNT(*) FROM signup_questions');
    const { csrf } = await questionsPage(client);
    const bad = [
      [{ op: 'add', kind: 'text', label_ja: '', label_en: 'x' }, 'label-ja-error'],
      [{ op: 'add', kind: 'text', label_ja: 'x', label_en: '   ' }, 'label-en-error'],
      [{ op: 'add', kind: 'text', label_ja: '\u3000\u3000', label_en: 'x' }, 'label-ja-error'],
      [{ op: 'add', kind: 'text', label_ja: 'あ'.repeat(201), label_en: 'x' }, 'label-ja-error'],
      [{ op: 'add', kind: 'text', label_ja: 'a\u0001b', label_en: 'x' }, 'label-ja-error'],
      [{ op: 'add', kind: 'radio', label_ja: 'x', label_en: 'x' }, 'kind-error'],
      [{ op: 'add', label_ja: 'x', label_en: 'x' }, 'kind-error'],
      [{ op: 'add', kind: 'text', label_ja: 'x', label_en: 'x', max_length: '1001' }, 'max-length-error'],
      [{ op: 'add', kind: 'text', label_ja: 'x', label_en: 'x', max_length: '0' }, 'max-length-error'],
      [{ op: 'add', kind: 'yesno', label_ja: 'x', label_en: 'x', required_if_yes: '1' }, 'condition-error'],
      [{ op: 'add', kind: 'text', label_ja: 'x', label_en: 'x', required_if_yes: '2' }, 'condition-error'],
      [{ op: 'add', kind: 'text', label_ja: 'x', label_en: 'x', required: '1', required_if_yes: '1' }, 'condition-error'],
    ];
    for (const [fields, errorId] of bad) {
      const res = await client.post('/staff/signup/questions', { csrf, ...fields });
      assert.equal(res.status, 200, JSON.stringify(fields));
      assert.ok(textById(res.text, errorId), `${errorId} for ${JSON.stringify(fields)}`);
    }
    const typed = await client.post('/staff/signup/questions', { csrf, op: 'add', kind: 'text', label_ja: '<残す>', label_en: '' });
    assert.match(typed.text, /value="&lt;残す&gt;"/, 'typed values come back, escaped');
    assert.equal(one('SELECT COUNT(*) FROM signup_questions'), before);
    for (const fields of [{ op: 'nope', id: '1' }, { op: 'up' }, { op: 'up', id: 'x' }]) {
      const res = await client.post('/staff/signup/questions', { csrf, ...fields });
      assert.equal(res.status, 400, JSON.stringify(fields));
    }
    assert.equal((await client.post('/staff/signup/questions', { csrf, op: 'retire', id: '999999999' })).status, 404);

    // a retired-at-once pair of our own: A (yes/no) and B (text, required when A is yes)
    const add = async (fields) => {
      const res = await client.post('/staff/signup/questions', { csrf, op: 'add', ...fields });
      assert.equal(res.status, 303, JSON.stringify(fields));
      assert.equal(res.headers.get('location'), '/staff/signup/questions');
      const id = Number(one(`SELECT MAX(id) FROM signup_questions WHERE label_ja = ${sqlString(fields.label_ja.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ''))}`));
      assert.ok(id > 0, 'the question was stored');
      return id;
    };
    const a = await add({ kind: 'yesno', label_ja: `テスト質問A ${tag}`, label_en: `Test question A ${tag}` });
    const b = await add({ kind: 'text', label_ja: `\u3000 テスト質問B ${tag}\u3000`, label_en: `Test question B ${tag}`, required_if_yes: String(a), max_length: '20' });
    assert.deepEqual(
      (({ kind, required, retired, cond, max, ja }) => ({ kind, required, retired, cond, max, ja }))(questionRow(b)),
      { kind: 'text', required: '0', retired: '0', cond: String(a), max: '20', ja: `テスト質問B ${tag}` });
    assert.equal(questionRow(a).max, '1');
    let q = await questionsPage(client);
    assert.deepEqual(q.active.slice(-2), [a, b], 'new questions come last');
    assert.ok(decodeEntities(q.res.text).includes(`「テスト質問A ${tag}」が「はい」の場合に必須`));

    // reorder: B up, then down again
    assert.equal((await questionOp(client, 'up', b)).status, 303);
    q = await questionsPage(client);
    assert.deepEqual(q.active.slice(-2), [b, a]);
    assert.ok(questionRow(b).position < questionRow(a).position);
    assert.equal((await questionOp(client, 'down', b)).status, 303);
    q = await questionsPage(client);
    assert.deepEqual(q.active.slice(-2), [a, b]);
    // down from the end is no move
    assert.equal((await questionOp(client, 'down', b)).status, 303);
    assert.deepEqual((await questionsPage(client)).active.slice(-2), [a, b]);

    // A cannot retire while B depends on it; B first, then A
    const refused = await questionOp(client, 'retire', a);
    assert.equal(refused.status, 200);
    assert.ok(textById(refused.text, 'edit-error').startsWith(MSG.hasDependents));
    assert.equal(questionRow(a).retired, '0');
    assert.equal((await questionOp(client, 'retire', b)).status, 303);
    assert.equal((await questionOp(client, 'retire', a)).status, 303);
    q = await questionsPage(client);
    assert.ok(!q.active.includes(a) && !q.active.includes(b));
    assert.ok(q.retired.includes(a) && q.retired.includes(b), 'retired questions are listed');

    // retired: no moves; required can be toggled; B cannot come back before A
    const move = await questionOp(client, 'up', a);
    assert.ok(textById(move.text, 'edit-error').startsWith(MSG.moveRetired));
    assert.equal((await questionOp(client, 'require', a)).status, 303);
    assert.equal(questionRow(a).required, '1');
    assert.equal((await questionOp(client, 'unrequire', a)).status, 303);
    assert.equal(questionRow(a).required, '0');
    const early = await questionOp(client, 'restore', b);
    assert.ok(textById(early.text, 'edit-error').startsWith(MSG.conditionRetired));
    assert.equal(questionRow(b).retired, '1');
    assert.equal((await questionOp(client, 'restore', a)).status, 303);
    assert.equal(questionRow(a).retired, '0');
    assert.ok((await questionsPage(client)).active.includes(a));
    assert.equal((await questionOp(client, 'retire', a)).status, 303);

    // the default yes/no question has dependents: retiring it is refused
    const def = await questionOp(client, 'retire', 1);
    assert.ok(textById(def.text, 'edit-error').startsWith(MSG.hasDependents));
  } finally {
    // whatever happened above, no question of this test stays in use; those
    // no application answered (the wizard's tests may have) are removed
    const mine = `label_en LIKE ${sqlString(`Test question _ ${tag}`)}`;
    dbExec(`UPDATE signup_questions SET retired = 1, required = 0 WHERE ${mine}`);
    dbExec(`DELETE q FROM signup_questions q WHERE ${mine}`
      + ' AND NOT EXISTS (SELECT 1 FROM application_answers a WHERE a.question_id = q.id)');
    assert.deepEqual(dbRows('SELECT id, position, required, retired FROM signup_questions WHERE id IN (1, 2, 3) ORDER BY id'),
      defaults, 'the default questions are as before');
  }
});
