// AUTH-4 / AUTH-5 end to end on private instances: the `asvs` password
// policy (15-128 characters, no character classes, blocklist), and the
// Argon2id rehash at login when the configured parameters change.
import test, { after } from 'node:test';
import assert from 'node:assert/strict';
import { createUser, createTemporaryUser, dbRows, listById, textById } from '../lib/http.mjs';
import { FcgiClient, privatePrograms } from '../lib/private.mjs';

const instances = [];
after(async () => { for (const i of instances) await i.stop(); });
async function privateAuth(lines) {
  const i = await privatePrograms(['auth'], lines);
  instances.push(i);
  return i.sockets;
}

const hashOf = (id) => dbRows(`SELECT password_hash FROM users WHERE id = ${id}`)[0][0];

test('Auth.PasswordPolicy = asvs: 15 characters at least, no classes needed, common words refused', async () => {
  const sockets = await privateAuth(['Auth.PasswordPolicy = asvs']);
  const u = createTemporaryUser();
  const c = new FcgiClient(sockets);
  assert.equal(c.login(u.login, u.password).location, '/auth/first');
  const page = c.get('/auth/first/password');
  assert.match(page.text, /15/, 'the checklist shows the policy');
  const post = (pw) => c.post('/auth/first/password', { password: pw, password_confirm: pw }, { csrfFrom: '/auth/first/password' });
  // 14 characters of all four classes: enough for `client`, not for `asvs`
  let r = post('Ab1#Ab1#Ab1#Ab');
  assert.equal(r.status, 200);
  assert.deepEqual(listById(r.text, 'password-rules-error'), ['文字数が足りません。']);
  r = post('qwertyuiopasdfgh');
  assert.deepEqual(listById(r.text, 'password-rules-error'), ['辞書に載っている単語やよく使われるパスワードは使用できません。']);
  // 16 lower-case letters only: fine
  r = post('vqzkfmhtrwpxbnlc');
  assert.equal(r.status, 303, textById(r.text, 'password-error') || '');
  assert.equal(r.location, '/auth/first/user-id');
});

test('changed Argon2 parameters: the stored hash is upgraded at the next login', async () => {
  const sockets = await privateAuth(['Auth.Argon2.MemoryKiB = 8192', 'Auth.Argon2.Iterations = 3']);
  const u = createUser();
  assert.match(hashOf(u.id), /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/, 'created with the stack parameters');
  const wrong = new FcgiClient(sockets).login(u.login, 'Wrong#Passw0rd!');
  assert.equal(wrong.status, 200);
  assert.match(hashOf(u.id), /m=19456,t=2,p=1/, 'a wrong password changes nothing');
  assert.equal(new FcgiClient(sockets).login(u.login, u.password).status, 303);
  assert.match(hashOf(u.id), /^\$argon2id\$v=19\$m=8192,t=3,p=1\$/, 'rehashed with the new parameters');
  assert.equal(new FcgiClient(sockets).login(u.login, u.password).status, 303, 'and the new hash verifies');
});
