// "Don't ask again on this browser for 8 hours" (AUTH-8): the mm_trust
// cookie set with a correct second factor skips the code at the next logins
// of the same user from the same browser, until it expires or the user
// changes the password or the 2-step method.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, createUser, csrfOf, textById, chooseMfa, logout, setCookies, uniqueMobile, LOGIN_FAILED,
} from '../lib/http.mjs';
import { waitForMail, outboxTo, codeIn, SUBJECTS } from '../lib/mail.mjs';

const HOURS_8 = 8 * 3600;
const NEW_PASSWORD = 'Nw5=Lq8?Hz3!Tp';

async function emailUser() {
  const user = createUser();
  const c = new Client();
  await c.loginOk(user);
  const r = await chooseMfa(c, 'email');
  assert.equal(r.headers.get('location'), '/account/mfa?saved=1');
  await logout(c);
  return user;
}

/**
 * Logs in with password + mailed code (the n-th code mail of the user),
 * ticking "trust" when asked; returns the answer to the code POST.
 */
async function loginWithCode(client, user, n, { trust = false } = {}) {
  const r = await client.login(user.login, user.password);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/auth/mfa', 'the code is asked');
  const page = await client.get('/auth/mfa');
  assert.match(page.text, /<input type="checkbox" name="trust" value="1" id="trust">/);
  const mail = await waitForMail(user.login, { subject: SUBJECTS.code, count: n });
  const fields = { csrf: csrfOf(page.text), code: codeIn(mail.body) };
  if (trust) fields.trust = '1';
  const ok = await client.post('/auth/mfa', fields);
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), '/');
  return ok;
}

/** Password login; returns where it leads ('/' or '/auth/mfa'). */
async function loginTarget(client, user, { clock, password = user.password } = {}) {
  const r = await client.login(user.login, password, { clock });
  assert.equal(r.status, 303, `login of ${user.login}`);
  return r.headers.get('location');
}

test('trust=1 sets mm_trust (HttpOnly, 8 hours); the next login skips the code', async () => {
  const user = await emailUser();
  const browser = new Client();
  const ok = await loginWithCode(browser, user, 1, { trust: true });
  const trust = setCookies(ok).filter((k) => k.name === 'mm_trust');
  assert.equal(trust.length, 1, 'one mm_trust cookie');
  assert.match(trust[0].raw, /^mm_trust=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=28800$/);
  assert.equal(trust[0].attrs.get('max-age'), String(HOURS_8));
  await logout(browser);
  assert.ok(browser.jar.has('mm_trust'), 'logout keeps the browser mark');

  assert.equal(await loginTarget(browser, user), '/', 'straight home');
  assert.equal((await browser.get('/')).status, 200);
  // No code was sent for that login.
  assert.equal(outboxTo(user.login, { subject: SUBJECTS.code }).length, 1);
  // Another browser of the same user is still asked.
  assert.equal(await loginTarget(new Client(), user), '/auth/mfa');
});

test('without the tick no mark is set and the next login asks again', async () => {
  const user = await emailUser();
  const browser = new Client();
  const ok = await loginWithCode(browser, user, 1);
  assert.equal(setCookies(ok).some((k) => k.name === 'mm_trust'), false);
  await logout(browser);
  assert.equal(await loginTarget(browser, user), '/auth/mfa');
});

test('the mark lasts 8 hours, not longer', async () => {
  // The marks are made with the server's clock moved back (7 h 59 min and
  // 8 h + 1 s) and used now: the same ages as a login 7 h 59 min or 8 h + 1 s
  // later, without a session opened in the future (which would end every
  // other test's sessions as idle).
  const user = await emailUser();
  const markAged = async (age, n) => {
    const c = new Client();
    const r = await c.login(user.login, user.password);
    assert.equal(r.headers.get('location'), '/auth/mfa');
    const page = await c.get('/auth/mfa');
    const mail = await waitForMail(user.login, { subject: SUBJECTS.code, count: n });
    const ok = await c.post('/auth/mfa', { csrf: csrfOf(page.text), code: codeIn(mail.body), trust: '1' }, { clock: -age });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get('location'), '/');
    const mark = c.jar.get('mm_trust');
    assert.ok(mark, 'mm_trust set');
    return mark;
  };
  const young = await markAged(HOURS_8 - 60, 1);
  const old = await markAged(HOURS_8 + 1, 2);
  const withMark = async (mark) => {
    const c = new Client();
    c.jar.set('mm_trust', mark);
    return loginTarget(c, user);
  };
  assert.equal(await withMark(young), '/', 'a mark 7 h 59 min old');
  assert.equal(await withMark(old), '/auth/mfa', 'a mark 8 h + 1 s old');
});

test('the mark is for its user only', async () => {
  const alice = await emailUser();
  const bob = await emailUser();
  const browser = new Client();
  await loginWithCode(browser, alice, 1, { trust: true });
  await logout(browser);
  assert.equal(await loginTarget(browser, bob), '/auth/mfa', 'another user on the same browser');
  // Bob's half session ends; Alice is still trusted on this browser.
  const fresh = new Client();
  fresh.jar.set('mm_trust', browser.jar.get('mm_trust'));
  assert.equal(await loginTarget(fresh, alice), '/');
});

test('a made-up or altered mark does not skip the code', async () => {
  const user = await emailUser();
  const browser = new Client();
  await loginWithCode(browser, user, 1, { trust: true });
  const mark = browser.jar.get('mm_trust');
  for (const fake of ['A'.repeat(43), `${mark.slice(0, -1)}${mark.endsWith('A') ? 'B' : 'A'}`, `${mark}x`, '']) {
    const c = new Client();
    c.jar.set('mm_trust', fake);
    assert.equal(await loginTarget(c, user), '/auth/mfa', `mm_trust=${fake}`);
  }
});

test('changing the password revokes the mark', async () => {
  const user = await emailUser();
  const browser = new Client();
  await loginWithCode(browser, user, 1, { trust: true });
  const form = await browser.get('/account/password');
  const r = await browser.post('/account/password', {
    csrf: csrfOf(form.text), current_password: user.password, password: NEW_PASSWORD, password_confirm: NEW_PASSWORD,
  });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/account/?saved=1');
  await logout(browser);
  assert.ok(browser.jar.has('mm_trust'));
  assert.equal(await loginTarget(browser, user, { password: NEW_PASSWORD }), '/auth/mfa');
});

test('changing the 2-step method revokes the mark', async () => {
  const user = await emailUser();
  const browser = new Client();
  await loginWithCode(browser, user, 1, { trust: true });
  const r = await chooseMfa(browser, 'sms', { mobile: uniqueMobile() });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/account/mfa?saved=1');
  await logout(browser);
  assert.equal(await loginTarget(browser, user), '/auth/mfa');
});

test('a trusted browser still needs the right password', async () => {
  const user = await emailUser();
  const browser = new Client();
  await loginWithCode(browser, user, 1, { trust: true });
  await logout(browser);
  const r = await browser.login(user.login, 'Wrong#Passw0rd!');
  assert.equal(r.status, 200);
  assert.equal(textById(r.text, 'login-error'), LOGIN_FAILED);
  assert.equal(browser.jar.has('mm_session'), false);
});
