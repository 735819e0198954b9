// The service application in a real browser (headless Chromium), clicked and
// typed as a person would: ① basic info ▶ ② two destinations (the first via
// 「基本情報と同じ」) ▶ ③ questions ▶ ④ two login users ▶ ⑤ review; back from
// ⑤ to ② finds every value still in the fields, forward again to ⑤, 申込み
// and its confirmation, ⑥ shows the number. The applicant opens the mail's
// URL and completes; an analyst (forced 2-step setup in the browser) finds the
// application in the console, approves it; the second user logs in with the
// provisional mail's user ID and temporary password and meets the first-login
// password step. A second run does the wizard with JavaScript disabled.
// Screenshots go to $MM_VAR_DIR/screenshots/signup-*.png.
import test from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BASE, createUser, uniqueId } from '../lib/http.mjs';
import { launchContext, screenshot } from '../lib/browser.mjs';
import { waitForMail } from '../lib/mail.mjs';
import { totp, stepMargin, secretText } from '../lib/otp.mjs';

const WINDOW = { width: 1280, height: 900 };
const STEP_MS = 10000;
const APP_NO = /^AAP-[A-Z0-9]{8}$/;
const SUBJECT = (no) => `お申込みのご案内(申請番号:${no})`;
const PROVISIONAL = '仮登録完了のお知らせ';
const Q_MEMBER = '商工会議所/商工会の会員ですか？';
const Q_NAME = '会員の場合、商工会議所/商工会名を入力してください。';
const Q_NUMBER = '会員の場合、会員番号を入力してください。';

/** Watches a page for script errors, CSP violations and failed loads. */
function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // Failed loads are reported with their URL by the response handler.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
  });
  page.on('requestfailed', (r) => errors.push(`failed: ${r.method()} ${new URL(r.url()).pathname} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    const u = new URL(r.url());
    // The browser asks for /favicon.ico by itself; a missing one is cosmetic.
    if (r.status() >= 400 && u.pathname !== '/favicon.ico') errors.push(`${r.status()} ${u.pathname}`);
  });
  return errors;
}

/** Path + fragment of the page's URL. */
const where = (page) => { const u = new URL(page.url()); return `${u.pathname}${u.search}${u.hash}`; };

/**
 * Clicks a submit button and waits for the page the browser lands on (after
 * the server's redirect); asserts it is `expected` (path, query, fragment).
 */
async function clickTo(page, selector, expected) {
  const nav = page.waitForNavigation({ waitUntil: 'load', timeout: STEP_MS });
  await page.click(selector);
  const res = await nav;
  assert.equal(where(page), expected, `${selector} leads to ${expected}`);
  assert.ok(res && res.status() < 400, `${selector}: status ${res && res.status()}`);
}

/** The step marked current in the indicator, e.g. '② UTM送付先入力'. */
async function currentStep(page) {
  return (await page.textContent('ol.sg-steps li[aria-current="step"]')).replace(/\s+/g, ' ').trim();
}

/** Fills text inputs (id → value) and selects (id → option value). */
async function fillFields(page, values) {
  for (const [id, v] of Object.entries(values)) {
    const tag = await page.$eval(`#${id}`, (el) => el.tagName.toLowerCase());
    if (tag === 'select') await page.selectOption(`#${id}`, v);
    else await page.fill(`#${id}`, v);
  }
}

/** Asserts every field (id → value) shows this value. */
async function expectFields(page, values, what) {
  for (const [id, v] of Object.entries(values)) {
    assert.equal(await page.inputValue(`#${id}`), v, `${what}: #${id}`);
  }
}

/** Asserts every review cell (id → text). */
async function expectReview(page, cells, what) {
  for (const [id, v] of Object.entries(cells)) {
    assert.equal((await page.textContent(`#${id}`)).trim(), v, `${what}: #${id}`);
  }
}

const prefixed = (p, o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [`${p}${k}`, v]));

/**
 * Step ③: the member question (yes + name + number, or no). Questions other
 * than the default three (staff may add some) are answered "no" / "x".
 */
async function answerQuestions(page, { member, name = '', number = '' }) {
  assert.equal(await currentStep(page), '③ 追加情報入力');
  assert.equal((await page.textContent('#q_1-label')).replace(/\s*必須\s*$/, '').trim(), Q_MEMBER);
  assert.equal((await page.textContent('label[for="q_2"]')).trim(), Q_NAME);
  assert.equal((await page.textContent('label[for="q_3"]')).trim(), Q_NUMBER);
  await page.check(member ? '#q_1-yes' : '#q_1-no');
  await page.fill('#q_2', name);
  await page.fill('#q_3', number);
  for (const id of await page.$$eval('input[type="radio"][id$="-no"]', (els) => els.map((e) => e.id))) {
    if (id !== 'q_1-no') await page.check(`#${id}`);
  }
  for (const id of await page.$$eval('form[action="/signup/questions"] input[type="text"]', (els) => els.map((e) => e.id))) {
    if (id !== 'q_2' && id !== 'q_3' && (await page.inputValue(`#${id}`)) === '') await page.fill(`#${id}`, 'x');
  }
}

/** The confirmation URL of the applicant's mail. */
function confirmUrlIn(body) {
  const m = /^URL : (https?:\/\/\S+\/signup\/confirm\/[A-Za-z0-9_-]{43})$/m.exec(body);
  assert.ok(m, `no confirmation URL in ${JSON.stringify(body)}`);
  return m[1];
}

function userIdAndPassword(mail) {
  const id = /^ユーザID : (\S+)$/m.exec(mail.body);
  const pw = /^仮パスワード : (\S+)$/m.exec(mail.body);
  assert.ok(id && pw, `user ID and temporary password in ${JSON.stringify(mail.body)}`);
  return { login: id[1], password: pw[1] };
}

async function newPage(options) {
  const { context, close } = await launchContext({ viewport: WINDOW, ...options });
  context.setDefaultTimeout(STEP_MS);
  const page = context.pages()[0] || await context.newPage();
  return { page, close, errors: watchErrors(page) };
}

test('two destinations, two users, back to ② and forward again, confirm by mail, approval, first login', async () => {
  const tag = randomBytes(4).toString('hex');
  const email = uniqueId('sgbr');
  const basic = {
    company: `見守りブラウザ試験株式会社 ${tag}`, surname: '日電', given_name: '太郎',
    department: '情報システム部', position: '課長', email, email_confirm: email,
    postal_code: '2118666', prefecture: '神奈川県', address: '川崎市中原区下沼部1753', phone: '01023456789',
  };
  // Destination 1 is step ①'s address (「基本情報と同じ」) with 3 units.
  const d1 = {
    company: basic.company, surname: basic.surname, given_name: basic.given_name, department: basic.department,
    postal_code: basic.postal_code, prefecture: basic.prefecture, address: basic.address, phone: basic.phone, units: '3',
  };
  const d2 = {
    company: `大阪倉庫株式会社 ${tag}`, surname: '配送', given_name: '次郎', department: '物流センター',
    postal_code: '5300001', prefecture: '大阪府', address: '大阪市北区梅田1-1-1', phone: '0612345678', units: '2',
  };
  const u1 = { surname: '利用', given_name: '一子', email: uniqueId('sgbru1'), mobile: '09012345678' };
  const u2 = { surname: '利用', given_name: '二郎', email: uniqueId('sgbru2'), mobile: '' };
  const member = { name: '川崎商工会議所', number: 'M-2468' };

  const applicant = await newPage();
  let staff;
  let user;
  try {
    const { page } = applicant;

    // ① basic info
    await page.goto(`${BASE}/signup/`);
    assert.equal(where(page), '/signup/basic');
    assert.equal(await currentStep(page), '① 基本情報入力');
    await fillFields(page, basic);
    await screenshot(page, 'signup-01-basic');
    await clickTo(page, '#next', '/signup/delivery');

    // ② destination 1 from step ①, then units; ＋追加; destination 2 in full
    assert.equal(await currentStep(page), '② UTM送付先入力');
    assert.equal(await page.locator('fieldset.sg-row').count(), 1);
    await clickTo(page, '#same-as-basic', '/signup/delivery#row-1');
    await expectFields(page, prefixed('d1_', { ...d1, units: '' }), 'copied from step ①');
    await page.fill('#d1_units', d1.units);
    await clickTo(page, '#add-row', '/signup/delivery#row-2');
    assert.equal(await page.locator('fieldset.sg-row').count(), 2);
    await expectFields(page, prefixed('d1_', d1), 'destination 1 kept while adding');
    await fillFields(page, prefixed('d2_', d2));
    await screenshot(page, 'signup-02-delivery');
    await clickTo(page, '#next', '/signup/questions');

    // ③ member of a chamber of commerce: yes, with its name and number
    await answerQuestions(page, { member: true, ...member });
    await screenshot(page, 'signup-03-questions');
    await clickTo(page, '#next', '/signup/users');

    // ④ two users
    assert.equal(await currentStep(page), '④ ログインユーザ情報入力');
    await fillFields(page, prefixed('u1_', { ...u1, email_confirm: u1.email }));
    await clickTo(page, '#add-row', '/signup/users#row-2');
    await fillFields(page, prefixed('u2_', { ...u2, email_confirm: u2.email }));
    await screenshot(page, 'signup-04-users');
    await clickTo(page, '#next', '/signup/review');

    // ⑤ the review shows everything
    const review = {
      'rv-company': basic.company, 'rv-name': '日電 太郎', 'rv-department': basic.department,
      'rv-position': basic.position, 'rv-email': email, 'rv-postal_code': basic.postal_code,
      'rv-prefecture': basic.prefecture, 'rv-address': basic.address, 'rv-phone': basic.phone,
      ...Object.assign({}, ...[['d1_', d1], ['d2_', d2]].map(([p, d]) => ({
        [`rv-${p}company`]: d.company, [`rv-${p}name`]: `${d.surname} ${d.given_name}`,
        [`rv-${p}department`]: d.department, [`rv-${p}postal_code`]: d.postal_code,
        [`rv-${p}prefecture`]: d.prefecture, [`rv-${p}address`]: d.address, [`rv-${p}phone`]: d.phone,
        [`rv-${p}units`]: d.units,
      }))),
      'rv-q_1': 'はい', 'rv-q_2': member.name, 'rv-q_3': member.number,
      ...Object.assign({}, ...[['u1_', u1], ['u2_', u2]].map(([p, u]) => ({
        [`rv-${p}name`]: `${u.surname} ${u.given_name}`, [`rv-${p}email`]: u.email, [`rv-${p}mobile`]: u.mobile,
      }))),
    };
    assert.equal(await currentStep(page), '⑤ 確認');
    await expectReview(page, review, 'review');
    await screenshot(page, 'signup-05-review');

    // 戻る until ②: every value of both destinations is still in its field
    await clickTo(page, '#back', '/signup/users');
    await expectFields(page, {
      ...prefixed('u1_', { ...u1, email_confirm: u1.email }), ...prefixed('u2_', { ...u2, email_confirm: u2.email }),
    }, 'users after back');
    await clickTo(page, '#back', '/signup/questions');
    assert.equal(await page.isChecked('#q_1-yes'), true, 'yes still chosen');
    await expectFields(page, { q_2: member.name, q_3: member.number }, 'answers after back');
    await clickTo(page, '#back', '/signup/delivery');
    assert.equal(await currentStep(page), '② UTM送付先入力');
    assert.equal(await page.locator('fieldset.sg-row').count(), 2, 'both destinations');
    await expectFields(page, { ...prefixed('d1_', d1), ...prefixed('d2_', d2) }, 'destinations after back');
    await screenshot(page, 'signup-02-delivery-after-back');

    // 次へ through to the review again: still all there
    await clickTo(page, '#next', '/signup/questions');
    await clickTo(page, '#next', '/signup/users');
    await clickTo(page, '#next', '/signup/review');
    await expectReview(page, review, 'review again');

    // 申込み asks first; 申し込む stores it; ⑥ shows the number
    await clickTo(page, '#submit', '/signup/review');
    assert.ok((await page.textContent('#confirm-box')).includes('この内容で申し込みますか?'));
    await screenshot(page, 'signup-05-confirm');
    await clickTo(page, '#confirm-submit', '/signup/sent');
    assert.equal(await currentStep(page), '⑥ 確認メール送信');
    const no = (await page.textContent('#app-no')).trim();
    assert.match(no, APP_NO);
    await screenshot(page, 'signup-06-sent');

    // The applicant opens the mail's URL and completes the application.
    const mail = await waitForMail(email, { subject: SUBJECT(no) });
    const url = confirmUrlIn(mail.body);
    assert.ok(url.startsWith(`${BASE}/`), `the URL leads to this portal: ${url}`);
    await page.goto(url);
    assert.equal((await page.textContent('#app-no')).trim(), no);
    await screenshot(page, 'signup-07-confirm-link');
    await clickTo(page, '#confirm-complete', new URL(url).pathname);
    assert.ok(await page.isVisible('#confirm-done'));
    assert.ok((await page.textContent('#confirm-done')).includes('お申込みが完了しました。'));
    await screenshot(page, 'signup-07-confirmed');
    assert.deepEqual(applicant.errors, [], 'applicant: no script errors, CSP violations or failed loads');

    // An analyst logs in (password, then the 2-step setup staff cannot skip).
    const analyst = createUser({ role: 'analyst', name: '審査 画面' });
    staff = await newPage();
    const sp = staff.page;
    await sp.goto(`${BASE}/auth/login`);
    await sp.fill('#user_id', analyst.login);
    await sp.fill('#password', analyst.password);
    await clickTo(sp, 'form[action="/auth/login"] button[type="submit"]', '/auth/first/mfa');
    assert.equal(await sp.locator('input[name="method"][value="none"]').count(), 0, 'staff cannot choose "none"');
    await sp.check('input[name="method"][value="totp"]');
    await clickTo(sp, 'form[action="/auth/first/mfa"] button[type="submit"]', '/auth/mfa/totp');
    const secret = secretText(await sp.textContent('#totp-secret'));
    assert.match(secret, /^[A-Z2-7]{32}$/);
    await stepMargin();
    await sp.fill('#code', totp(secret));
    await clickTo(sp, 'form[action="/auth/mfa/totp"] button[type="submit"]', '/');

    // The console: the keyword finds the application; open it and approve.
    await sp.click('#nav-staff-signup');
    await sp.waitForURL(`${BASE}/staff/signup/`);
    await sp.fill('#q', basic.company);
    await clickTo(sp, '#filter button[type="submit"]',
      `/staff/signup/?status=completed&q=${encodeURIComponent(basic.company).replace(/%20/g, '+')}`);
    assert.equal((await sp.textContent('#list-count')).trim(), '1~1 件目 / 1 件');
    const row = sp.locator('#applications tbody tr');
    assert.equal(await row.count(), 1);
    const cells = (await row.locator('td').allTextContents()).map((s) => s.trim());
    assert.deepEqual(cells.slice(0, 6), [no, basic.company, '日電 太郎', email, '5', '2']);
    await screenshot(sp, 'signup-08-staff-list');
    await clickTo(sp, `#applications a.app-no:text-is("${no}")`, `/staff/signup/applications/${no}`);
    assert.equal((await sp.textContent('#app-status')).trim(), '承認待ち');
    assert.equal((await sp.textContent('#units-total')).trim(), '5');
    const detail = await sp.textContent('main');
    for (const s of [d2.company, d2.address, '530-0001', member.name, member.number, u1.email, u2.email]) {
      assert.ok(detail.includes(s), `detail shows ${s}`);
    }
    await sp.check('#confirm');
    await screenshot(sp, 'signup-09-staff-detail');
    await clickTo(sp, '#approve', `/staff/signup/applications/${no}`);
    assert.equal((await sp.textContent('#app-status')).trim(), '承認済み');
    assert.match((await sp.textContent('#customer-no')).trim(), /^N\d{9}$/);
    await screenshot(sp, 'signup-09-staff-approved');
    assert.deepEqual(staff.errors, [], 'analyst: no script errors, CSP violations or failed loads');

    // User 2 logs in with the provisional mail's user ID and temporary password.
    const provisional = await waitForMail(u2.email, { subject: PROVISIONAL });
    const { login, password } = userIdAndPassword(provisional);
    user = await newPage();
    const up = user.page;
    await up.goto(`${BASE}/auth/login`);
    await up.fill('#user_id', login);
    await up.fill('#password', password);
    await clickTo(up, 'form[action="/auth/login"] button[type="submit"]', '/auth/first/password');
    assert.ok(await up.isVisible('#password'));
    assert.ok(await up.isVisible('#password_confirm'));
    await screenshot(up, 'signup-10-first-login');
    assert.deepEqual(user.errors, [], 'new user: no script errors, CSP violations or failed loads');
  } finally {
    await applicant.close();
    if (staff) await staff.close();
    if (user) await user.close();
  }
});

test('the whole wizard works with JavaScript disabled (one destination, one user)', async () => {
  const tag = randomBytes(4).toString('hex');
  const email = uniqueId('sgnojs');
  const basic = {
    company: `無JS申込み株式会社 ${tag}`, surname: '日電', given_name: '花子', email, email_confirm: email,
    postal_code: '1000001', prefecture: '東京都', address: '千代田区千代田1-1', phone: '0312345678',
  };
  const d1 = {
    company: `無JS送付先 ${tag}`, surname: '配送', given_name: '一郎', postal_code: '0600001',
    prefecture: '北海道', address: '札幌市中央区北1条西1', phone: '0111234567', units: '1',
  };
  const u1 = { surname: '利用', given_name: '三子', email: uniqueId('sgnojsu') };
  const { page, close, errors } = await newPage({ javaScriptEnabled: false });
  try {
    await page.goto(`${BASE}/signup/`);
    assert.equal(where(page), '/signup/basic');
    await fillFields(page, basic);
    await clickTo(page, '#next', '/signup/delivery');
    await fillFields(page, prefixed('d1_', d1));
    await screenshot(page, 'signup-nojs-02-delivery');
    await clickTo(page, '#next', '/signup/questions');
    await answerQuestions(page, { member: false });
    await clickTo(page, '#next', '/signup/users');
    await fillFields(page, prefixed('u1_', { ...u1, email_confirm: u1.email }));
    await clickTo(page, '#next', '/signup/review');
    await expectReview(page, {
      'rv-company': basic.company, 'rv-email': email, 'rv-d1_company': d1.company, 'rv-d1_prefecture': d1.prefecture,
      'rv-d1_units': d1.units, 'rv-q_1': 'いいえ', 'rv-u1_email': u1.email,
    }, 'review');
    await screenshot(page, 'signup-nojs-05-review');
    await clickTo(page, '#submit', '/signup/review');
    assert.ok(await page.isVisible('#confirm-box'));
    await clickTo(page, '#confirm-submit', '/signup/sent');
    assert.equal(await currentStep(page), '⑥ 確認メール送信');
    const no = (await page.textContent('#app-no')).trim();
    assert.match(no, APP_NO);
    await screenshot(page, 'signup-nojs-06-sent');
    await waitForMail(email, { subject: SUBJECT(no) });
    assert.deepEqual(errors, [], 'no CSP violations or failed loads');
  } finally {
    await close();
  }
});
