// Logging in as provider staff: password, then the 2-step setup that staff
// cannot skip (authenticator app, codes computed like a phone would).
import assert from 'node:assert/strict';
import { Client, createUser, csrfOf, textById } from './http.mjs';
import { totp, stepMargin, secretText } from './otp.mjs';

/**
 * Creates an analyst and logs in the whole way: password, then the forced
 * 2-step setup of provider staff (authenticator app, codes by oathtool).
 * Returns { user, client, secret } with a full session.
 */
export async function staffLogin({ role = 'analyst', name = '審査 担当' } = {}) {
  const user = createUser({ role, name });
  const client = new Client();
  const login = await client.login(user.login, user.password);
  assert.equal(login.status, 303, 'password accepted');
  assert.equal(login.headers.get('location'), '/auth/first', 'staff without 2-step go to the setup');
  const first = await client.get('/auth/first');
  assert.equal(first.headers.get('location'), '/auth/first/mfa');
  const choice = await client.get('/auth/first/mfa');
  assert.equal(choice.status, 200);
  assert.ok(!/name="method" value="none"/.test(choice.text), 'staff cannot choose "none"');
  const chosen = await client.post('/auth/first/mfa', { csrf: csrfOf(choice.text), method: 'totp' });
  assert.equal(chosen.headers.get('location'), '/auth/mfa/totp');
  const enrol = await client.get('/auth/mfa/totp');
  assert.equal(enrol.status, 200);
  const secret = secretText(textById(enrol.text, 'totp-secret') || '');
  assert.match(secret, /^[A-Z2-7]{32}$/);
  await stepMargin();
  const done = await client.post('/auth/mfa/totp', { csrf: csrfOf(enrol.text), code: totp(secret) });
  assert.equal(done.status, 303, 'code accepted');
  assert.equal(done.headers.get('location'), '/');
  return { user, client, secret };
}

