// Helpers of the user management and profile tests (ACC-1, ACC-3).
import assert from 'node:assert/strict';
import { Client, createUser, csrfOf, dbRows, sqlString, uniqueId } from './http.mjs';
import { waitForMail, resetLinkIn } from './mail.mjs';
import { pubid, idOfPubid } from './pubid.mjs';

export const WELCOME_SUBJECT = '【Mimamori】ユーザー登録のお知らせ';
export const NEW_PASSWORD = 'Wx5#Hn8!Ld3=Qp';

/** A logged-in client of a new user of this role in tenant (a { no } object). */
export async function loginAs(role, tenant, extra = {}) {
  const user = createUser({ role, tenant: tenant?.no, ...extra });
  const client = new Client();
  await client.loginOk(user);
  return { user, client };
}

/**
 * The address of user id's page (a database id), by the user's public
 * number as the portal shows it; tail (e.g. '/disable') follows it.
 */
export function userPath(id, tail = '') {
  return `/account/users/${pubid('user', id)}${tail}`;
}

/** Fields of the user form, with defaults for a new user. */
export function userFields(over = {}) {
  const email = over.email || uniqueId('nu');
  return {
    name: 'テスト 花子', email, login_id: '', phone: '03-1234-5678', mobile: '',
    lang: 'ja', time_zone: 'Asia/Tokyo', ...over,
  };
}

/**
 * Creates a user through /account/users/new; returns { res, id, email }, id
 * the database id of the user the answer leads to (by public number).
 */
export async function createViaForm(client, over = {}) {
  const form = await client.get('/account/users/new');
  assert.equal(form.status, 200, 'GET /account/users/new');
  const fields = userFields(over);
  const res = await client.post('/account/users/new', { csrf: csrfOf(form.text), ...fields });
  const m = /^\/account\/users\/([1-9]\d*)\?done=created$/.exec(res.headers.get('location') || '');
  return { res, id: m ? idOfPubid('user', m[1]) : null, email: fields.email, fields };
}

/** Posts the edit form of user id with the current values changed by over. */
export async function editUser(client, id, over = {}) {
  const form = await client.get(userPath(id));
  assert.equal(form.status, 200, `GET ${userPath(id)}`);
  const row = userRow(id);
  const fields = {
    name: row.name, email: row.email, login_id: row.login, phone: row.phone, mobile: row.mobile || '',
    lang: row.lang, time_zone: row.zone,
  };
  if (row.role === 'customer_admin') fields.admin = '1';
  if (row.mfaRequired === '1') fields.mfa_required = '1';
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete fields[k];
    else fields[k] = v;
  }
  return client.post(userPath(id), { csrf: csrfOf(form.text), ...fields });
}

/** Posts an action (disable, enable, welcome) on user id. */
export async function userAction(client, id, action) {
  const page = await client.get('/account/users/');
  return client.post(userPath(id, `/${action}`), { csrf: csrfOf(page.text) });
}

/** The users row, for checks that nothing changed. */
export function userRow(id) {
  const [r] = dbRows(`SELECT id, tenant_id, login_id, email, display_name, role, lang, time_zone, phone,
    mobile, mfa_method, mfa_required, disabled, password_hash = '', locked_until FROM users WHERE id = ${Number(id)}`);
  if (!r) return null;
  const [uid, tenant, login, email, name, role, lang, zone, phone, mobile, mfa, mfaRequired, disabled, unset, locked] = r;
  return { id: Number(uid), tenant, login, email, name, role, lang, zone, phone, mobile, mfa, mfaRequired, disabled, unset, locked };
}

export function userByLogin(login) {
  const [r] = dbRows(`SELECT id FROM users WHERE login_id = ${sqlString(login)}`);
  return r ? userRow(r[0]) : null;
}

/** Events of a user, oldest first. */
export function eventsOf(userId) {
  return dbRows(`SELECT event FROM auth_events WHERE user_id = ${Number(userId)} ORDER BY id`).map((r) => r[0]);
}

/** The n-th welcome mail to address → the /auth/reset/<token> path in it. */
export async function welcomeLink(address, n = 1) {
  const mail = await waitForMail(address, { subject: WELCOME_SUBJECT, count: n });
  return { mail, path: resetLinkIn(mail.body).path };
}

/** Sets a password through a reset link path (fresh browser); returns the POST answer. */
export async function setPasswordByLink(path, password = NEW_PASSWORD) {
  const c = new Client();
  const page = await c.get(path);
  assert.equal(page.status, 200, `GET ${path}`);
  return c.post(path, { csrf: csrfOf(page.text), password, password_confirm: password });
}
