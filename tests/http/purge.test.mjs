// mimamori-admin purge deletes working rows past their use by age and
// keeps the login history (auth_events and page_views) for
// Retention.AuthEventDays (400). Rows of this
// test's own (a tag in every key) are dated back in the database, the purge
// runs, and what is left is counted.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { ADMIN, CONFIG, createUser, dbRows } from '../lib/http.mjs';

const ago = (interval) => `UTC_TIMESTAMP() - INTERVAL ${interval}`;
const ahead = (interval) => `UTC_TIMESTAMP() + INTERVAL ${interval}`;
const hash = () => `UNHEX('${randomBytes(32).toString('hex')}')`;
const count = (sql) => Number(dbRows(sql)[0][0]);

test('purge: old working rows go, live ones and the recent login history stay', () => {
  const tag = randomBytes(6).toString('hex');
  const user = createUser();
  const u = user.id;
  dbRows(`INSERT INTO rate_limits (bucket, window_start, hits) VALUES
    ('purge:old:${tag}', ${ago('3 DAY')}, 1), ('purge:new:${tag}', ${ago('1 HOUR')}, 1)`);
  dbRows(`INSERT INTO reset_failures (login_id, failures, blocked_until, updated_at) VALUES
    ('old-${tag}', 2, NULL, ${ago('3 DAY')}), ('new-${tag}', 2, NULL, ${ago('1 HOUR')})`);
  // an unknown user ID's failure count and a lapsed claim of its (keys of
  // this test's own: "?", the tag and padding to 33 characters)
  const ukey = (age) => `'?${(age + tag).padEnd(32, '0')}'`;
  dbRows(`INSERT INTO unknown_logins (login_key, failed_logins, locked_until, updated_at) VALUES
    (${ukey('old')}, 2, NULL, ${ago('3 DAY')}), (${ukey('new')}, 2, NULL, ${ago('1 HOUR')})`);
  dbRows(`INSERT INTO unknown_login_attempts (login_key, claimed_at) VALUES
    (${ukey('old')}, ${ago('2 DAY')}), (${ukey('new')}, ${ago('1 MINUTE')})`);
  // one-time form keys: kept a day
  const fkey = (age) => `'${(age + tag).padEnd(43, '0')}'`;
  dbRows(`INSERT INTO form_keys (user_id, form_key, kind, object_ref, created_at) VALUES
    (${u}, ${fkey('old')}, 'case', 'CS0000001', ${ago('25 HOUR')}), (${u}, ${fkey('new')}, 'case', 'CS0000002', ${ago('1 HOUR')})`);
  dbRows(`INSERT INTO mfa_codes (session_id, user_id, channel, code_hash, created_at, expires_at) VALUES
    (0, ${u}, 'email', ${hash()}, ${ago('3 DAY')}, ${ago('2 DAY')}),
    (0, ${u}, 'email', ${hash()}, UTC_TIMESTAMP(), ${ahead('5 MINUTE')})`);
  dbRows(`INSERT INTO password_resets (user_id, token_hash, created_at, expires_at) VALUES
    (${u}, ${hash()}, ${ago('3 DAY')}, ${ago('2 DAY')}), (${u}, ${hash()}, UTC_TIMESTAMP(), ${ahead('30 MINUTE')})`);
  dbRows(`INSERT INTO trusted_browsers (user_id, token_hash, created_at, expires_at) VALUES
    (${u}, ${hash()}, ${ago('9 HOUR')}, ${ago('1 HOUR')}), (${u}, ${hash()}, UTC_TIMESTAMP(), ${ahead('8 HOUR')})`);
  dbRows(`INSERT INTO auth_attempts (user_id, claimed_at) VALUES (${u}, ${ago('2 DAY')})`);
  const to = `purge-${tag}@t.example`;
  dbRows(`INSERT INTO outbox (channel, recipient, subject, body, created_at, status, next_attempt_at) VALUES
    ('mail', '${to}', 'sent old', 'x', ${ago('31 DAY')}, 'sent', ${ago('31 DAY')}),
    ('mail', '${to}', 'failed old', 'x', ${ago('31 DAY')}, 'failed', ${ago('31 DAY')}),
    ('mail', '${to}', 'pending old', 'x', ${ago('31 DAY')}, 'pending', ${ahead('1 DAY')}),
    ('mail', '${to}', 'sent new', 'x', ${ago('1 DAY')}, 'sent', ${ago('1 DAY')})`);
  dbRows(`INSERT INTO auth_events (occurred_at, tenant_id, user_id, login_id, event, ip, user_agent) VALUES
    (${ago('401 DAY')}, NULL, ${u}, '${user.login}', 'login.ok', '192.0.2.1', 'purge'),
    (${ago('399 DAY')}, NULL, ${u}, '${user.login}', 'login.ok', '192.0.2.1', 'purge')`);
  // page views of a chain of this test's own (no tenant has its id)
  const chain = 3000000000 + randomBytes(3).readUIntBE(0, 3);
  dbRows(`INSERT INTO page_views VALUES
    (${chain}, 1, ${ago('401 DAY')}, ${u}, '${user.login}', 'dashboard.view', '192.0.2.1', 'purge', ${hash()}, ${hash()}),
    (${chain}, 2, ${ago('399 DAY')}, ${u}, '${user.login}', 'dashboard.view', '192.0.2.1', 'purge', ${hash()}, ${hash()})`);

  const out = execFileSync(ADMIN, ['--config', CONFIG, 'purge'], { encoding: 'utf8' });
  const deleted = Object.fromEntries(out.trim().split('\n').map((l) => l.trim().split(/\s+/)).map(([t, n]) => [t, Number(n)]));
  for (const t of ['rate_limits', 'reset_failures', 'auth_attempts', 'mfa_codes', 'password_resets',
    'trusted_browsers', 'outbox', 'auth_events', 'page_views', 'unknown_logins',
    'unknown_login_attempts', 'form_keys']) {
    assert.ok(deleted[t] >= 1, `${t}: ${out}`);
  }

  assert.deepEqual(dbRows(`SELECT bucket FROM rate_limits WHERE bucket LIKE 'purge:%:${tag}'`), [[`purge:new:${tag}`]]);
  assert.deepEqual(dbRows(`SELECT login_id FROM reset_failures WHERE login_id LIKE '%-${tag}'`), [[`new-${tag}`]]);
  assert.deepEqual(dbRows(`SELECT login_key FROM unknown_logins WHERE login_key IN (${ukey('old')}, ${ukey('new')})`),
    [[ukey('new').slice(1, -1)]]);
  assert.deepEqual(dbRows(`SELECT login_key FROM unknown_login_attempts WHERE login_key IN (${ukey('old')}, ${ukey('new')})`),
    [[ukey('new').slice(1, -1)]]);
  assert.deepEqual(dbRows(`SELECT object_ref FROM form_keys WHERE user_id = ${u}`), [['CS0000002']]);
  assert.equal(count(`SELECT COUNT(*) FROM mfa_codes WHERE user_id = ${u}`), 1);
  assert.equal(count(`SELECT COUNT(*) FROM password_resets WHERE user_id = ${u}`), 1);
  assert.equal(count(`SELECT COUNT(*) FROM trusted_browsers WHERE user_id = ${u}`), 1);
  assert.equal(count(`SELECT COUNT(*) FROM auth_attempts WHERE user_id = ${u}`), 0);
  assert.deepEqual(dbRows(`SELECT subject FROM outbox WHERE recipient = '${to}' ORDER BY id`),
    [['pending old'], ['sent new']], 'undelivered rows stay whatever their age');
  assert.equal(count(`SELECT COUNT(*) FROM auth_events WHERE user_id = ${u} AND user_agent = 'purge'`), 1,
    'the login history is kept for 400 days');
  // a second run has nothing of this test's left to delete
  assert.deepEqual(dbRows(`SELECT chain_seq FROM page_views WHERE tenant_id = ${chain}`), [['2']],
    'page views are kept as long');
  execFileSync(ADMIN, ['--config', CONFIG, 'purge'], { encoding: 'utf8' });
  assert.equal(count(`SELECT COUNT(*) FROM auth_events WHERE user_id = ${u} AND user_agent = 'purge'`), 1);
  assert.equal(count(`SELECT COUNT(*) FROM page_views WHERE tenant_id = ${chain}`), 1);
  dbRows(`DELETE FROM page_views WHERE tenant_id = ${chain}`);
  dbRows(`DELETE FROM outbox WHERE recipient = '${to}' AND status = 'pending'`);	// never to be delivered
});
