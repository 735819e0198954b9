// Security events (AUTH-11): every login, logout, 2-step, password and user
// ID event is recorded in auth_events with the time (UTC), user, user ID, IP
// address and user agent. Read with the mariadb client (root over the
// socket of the test stack).
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, BASE_URL, createUser, createTemporaryUser, csrfOf, logout, uniqueId, dbRows, sqlString,
  PASSWORD,
} from '../lib/http.mjs';
import { waitForMail, codeIn, resetLinkIn, SUBJECTS } from '../lib/mail.mjs';

const RESET_PASSWORD = 'Ev5#Rt8!Yu2=Io';

/** A client that sends its own User-Agent with every request. */
class AgentClient extends Client {
  constructor(userAgent) {
    super();
    this.userAgent = userAgent;
  }

  request(method, path, opts = {}) {
    return super.request(method, path, { ...opts, headers: { 'user-agent': this.userAgent, ...(opts.headers || {}) } });
  }
}

/** The events of a user, oldest first: [{ event, login, ip, ua, at (ms) }]. */
function eventsOf(userId) {
  return dbRows('SELECT event, login_id, ip, user_agent, DATE_FORMAT(occurred_at, \'%Y-%m-%dT%H:%i:%sZ\'), tenant_id'
    + ` FROM auth_events WHERE user_id = ${Number(userId)} ORDER BY id`)
    .map(([event, login, ip, ua, at, tenant]) => ({ event, login, ip, ua, at: Date.parse(at), tenant }));
}

/** Events recorded for a typed user ID that belongs to no user. */
function eventsOfUnknown(loginId) {
  return dbRows(`SELECT event, login_id, ip, user_agent, user_id FROM auth_events WHERE login_id = ${sqlString(loginId)} ORDER BY id`)
    .map(([event, login, ip, ua, user]) => ({ event, login, ip, ua, user }));
}

const LOCAL_IP = ['127.0.0.1', 'localhost'].includes(BASE_URL.hostname) ? '127.0.0.1' : null;

test('one user\'s journey is recorded in order with user ID, IP, user agent and UTC time', async () => {
  const ua = `MimamoriEventTest/1.0 (${uniqueId('ua')})`;
  const t0 = Date.now() - 2000;
  const u = createTemporaryUser();
  const newId = uniqueId('renamed');
  const c = new AgentClient(ua);

  // First login: password, new user ID, e-mail codes → home; log out.
  let r = await c.login(u.login, u.password);
  assert.equal(r.headers.get('location'), '/auth/first');
  let page = await c.get('/auth/first/password');
  r = await c.post('/auth/first/password', { csrf: csrfOf(page.text), password: PASSWORD, password_confirm: PASSWORD });
  assert.equal(r.headers.get('location'), '/auth/first/user-id');
  page = await c.get('/auth/first/user-id');
  r = await c.post('/auth/first/user-id', { csrf: csrfOf(page.text), login_id: newId });
  assert.equal(r.headers.get('location'), '/auth/first/mfa');
  page = await c.get('/auth/first/mfa');
  r = await c.post('/auth/first/mfa', { csrf: csrfOf(page.text), method: 'email' });
  assert.equal(r.headers.get('location'), '/');
  assert.equal((await logout(c)).headers.get('location'), '/auth/login?bye=1');

  // Login with a wrong, then the right e-mail code; log out.
  r = await c.login(newId, PASSWORD);
  assert.equal(r.headers.get('location'), '/auth/mfa');
  page = await c.get('/auth/mfa');
  const mail = await waitForMail(u.login, { subject: SUBJECTS.code });
  const code = codeIn(mail.body);
  const wrong = String((Number(code) + 1) % 1000000).padStart(6, '0');
  r = await c.post('/auth/mfa', { csrf: csrfOf(page.text), code: wrong });
  assert.equal(r.status, 200);
  r = await c.post('/auth/mfa', { csrf: csrfOf(page.text), code });
  assert.equal(r.headers.get('location'), '/');
  await logout(c);

  // Password reset.
  page = await c.get('/auth/reset');
  r = await c.post('/auth/reset', { csrf: csrfOf(page.text), user_id: newId, email: u.email });
  assert.equal(r.status, 200);
  const link = resetLinkIn((await waitForMail(u.email, { subject: SUBJECTS.reset })).body).path;
  page = await c.get(link);
  r = await c.post(link, { csrf: csrfOf(page.text), password: RESET_PASSWORD, password_confirm: RESET_PASSWORD });
  assert.equal(r.headers.get('location'), '/auth/login?reset=1');

  // Five wrong passwords: locked.
  for (let i = 0; i < 5; i++) assert.equal((await c.login(newId, 'Wrong#Passw0rd!')).status, 200);
  const t1 = Date.now() + 2000;

  const events = eventsOf(u.id);
  assert.deepEqual(events.map((e) => e.event), [
    'password.change', 'userid.change', 'mfa.enrol', 'login.ok', 'logout',
    'mfa.code_sent', 'mfa.failed', 'mfa.ok', 'login.ok', 'logout',
    'password.reset_requested', 'password.reset',
    'login.failed', 'login.failed', 'login.failed', 'login.failed', 'login.failed', 'login.lockout',
  ]);
  // The user ID at the time of each event: the first one before the change.
  assert.deepEqual(events.map((e) => e.login), [u.login, ...Array(events.length - 1).fill(newId)]);
  for (const e of events) {
    assert.equal(e.ua, ua, `${e.event}: user agent`);
    if (LOCAL_IP) assert.equal(e.ip, LOCAL_IP, `${e.event}: IP`);
    else assert.match(e.ip, /^[0-9a-f.:]+$/i, `${e.event}: IP`);
    assert.ok(e.at >= Math.floor(t0 / 1000) * 1000 && e.at <= t1, `${e.event}: time ${new Date(e.at).toISOString()} is now in UTC`);
    assert.notEqual(e.tenant, null, `${e.event}: tenant recorded`);
  }
});

test('failures are recorded too: unknown user ID, expired temporary password, reset mismatch', async () => {
  const ua = `MimamoriEventTest/2.0 (${uniqueId('ua')})`;
  const c = new AgentClient(ua);
  const ghost = uniqueId('ghost');
  const r = await c.login(ghost, 'Wrong#Passw0rd!');
  assert.equal(r.status, 200);
  // an unknown user ID is not stored as typed (it may be a password typed
  // into the wrong field): a keyed hash marks it, the same for each try
  assert.deepEqual(eventsOfUnknown(ghost), [], 'the typed text is not stored');
  const ghostEvents = dbRows(`SELECT event, login_id, ip, user_agent, user_id FROM auth_events
    WHERE user_agent = ${sqlString(ua)} ORDER BY id`).map(([event, login, ip, agent, user]) => ({ event, login, ua: agent, user }));
  assert.equal(ghostEvents.length, 1);
  assert.deepEqual([ghostEvents[0].event, ghostEvents[0].ua, ghostEvents[0].user], ['login.failed', ua, null]);
  assert.match(ghostEvents[0].login, /^\?[0-9a-f]{32}$/);
  await c.login(ghost, 'Other#Passw0rd!');
  const again = dbRows(`SELECT login_id FROM auth_events WHERE user_agent = ${sqlString(ua)} ORDER BY id`);
  assert.equal(again.length, 2);
  assert.equal(again[1][0], ghostEvents[0].login, 'the same typed ID gives the same marker');

  const temp = createTemporaryUser();
  const late = 14 * 86400 + 5;
  await c.login(temp.login, temp.password, { clock: late });
  const tempEvents = eventsOf(temp.id);
  assert.deepEqual(tempEvents.map((e) => e.event), ['login.temp_expired']);
  // Recorded at the request's time (the server's clock, moved 14 days here).
  const expected = Date.now() + late * 1000;
  assert.ok(Math.abs(tempEvents[0].at - expected) < 10000, `time ${new Date(tempEvents[0].at).toISOString()}`);

  const user = createUser();
  const page = await c.get('/auth/reset');
  await c.post('/auth/reset', { csrf: csrfOf(page.text), user_id: user.login, email: uniqueId('not-mine') });
  assert.deepEqual(eventsOf(user.id).map((e) => [e.event, e.login, e.ua]), [['password.reset_failed', user.login, ua]]);
});

test('a password change in the settings and a 2-step change are recorded', async () => {
  const ua = `MimamoriEventTest/3.0 (${uniqueId('ua')})`;
  const user = createUser();
  const c = new AgentClient(ua);
  await c.loginOk(user);
  let page = await c.get('/account/password');
  await c.post('/account/password', { csrf: csrfOf(page.text), current_password: 'Wrong#Passw0rd!', password: RESET_PASSWORD, password_confirm: RESET_PASSWORD });
  page = await c.get('/account/password');
  const r = await c.post('/account/password', { csrf: csrfOf(page.text), current_password: user.password, password: RESET_PASSWORD, password_confirm: RESET_PASSWORD });
  assert.equal(r.headers.get('location'), '/account/?saved=1');
  page = await c.get('/account/mfa');
  await c.post('/account/mfa', { csrf: csrfOf(page.text), method: 'email' });
  page = await c.get('/account/mfa');
  await c.post('/account/mfa', { csrf: csrfOf(page.text), method: 'none', confirm_none: '1' });
  assert.deepEqual(eventsOf(user.id).map((e) => [e.event, e.ua]), [
    ['login.ok', ua], ['password.change_failed', ua], ['password.change', ua], ['mfa.enrol', ua], ['mfa.remove', ua],
  ]);
});

test('a very long user agent is recorded cut to 255 characters', async () => {
  const ua = `MimamoriEventTest/4.0 ${'x'.repeat(300)}`;
  const user = createUser();
  const c = new AgentClient(ua);
  await c.loginOk(user);
  const [e] = eventsOf(user.id);
  assert.equal(e.event, 'login.ok');
  assert.equal(e.ua, ua.slice(0, 255));
});
