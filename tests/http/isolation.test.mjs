// Tenant isolation (§0, §12) and what each role sees on the home page.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loggedIn, textById, csrfOf, TENANT_A, TENANT_B } from '../lib/http.mjs';
import { staffLogin } from '../lib/staff.mjs';

/** Every page a logged-in customer can reach today, with tampering attempts. */
const PAGES = [
  '/',
  `/?tenant=${TENANT_B.no}`,
  `/?customer_no=${TENANT_B.no}`,
  `/?tenant_id=2`,
  '/auth/logout',
  '/no/such/page',
  `/dashboard/${TENANT_B.no}`,
];

function assertNoTrace(html, other, what) {
  assert.ok(!html.includes(other.no), `${what}: contains ${other.no}`);
  assert.ok(!html.includes(other.name), `${what}: contains ${other.name}`);
}

for (const [own, other, label] of [[TENANT_A, TENANT_B, 'A'], [TENANT_B, TENANT_A, 'B']]) {
  for (const role of ['customer_user', 'customer_admin']) {
    test(`a ${role} of tenant ${label} sees only its own tenant`, async () => {
      const { client, user } = await loggedIn({ role, tenant: own.no, name: `隔離 ${label}` });
      const home = await client.get('/');
      assert.equal(home.status, 200);
      assert.equal(textById(home.text, 'login-id'), user.login);
      assert.equal(textById(home.text, 'customer-no'), own.no);
      assert.equal(textById(home.text, 'tenant-name'), own.name);
      assert.equal(textById(home.text, 'role'), role === 'customer_admin' ? '管理者ユーザー' : '一般ユーザー');
      for (const path of PAGES) {
        const res = await client.get(path);
        assert.ok(res.status < 500, `${path}: ${res.status}`);
        assertNoTrace(res.text, other, path);
        if (res.status === 200 && textById(res.text, 'customer-no') !== null) {
          assert.equal(textById(res.text, 'customer-no'), own.no, path);
        }
      }
    });
  }
}

test('sessions of two tenants side by side never mix', async () => {
  // Two sessions side by side: what one sees never appears in the other.
  const a = await loggedIn({ tenant: TENANT_A.no, name: '並行 A' });
  const b = await loggedIn({ tenant: TENANT_B.no, name: '並行 B' });
  const [ha, hb] = await Promise.all([a.client.get('/'), b.client.get('/')]);
  assert.equal(textById(ha.text, 'display-name'), '並行 A');
  assert.equal(textById(hb.text, 'display-name'), '並行 B');
  assert.ok(!ha.text.includes(b.user.login));
  assert.ok(!hb.text.includes(a.user.login));
  assertNoTrace(ha.text, TENANT_B, 'A home');
  assertNoTrace(hb.text, TENANT_A, 'B home');
  // A's CSRF token is not B's.
  assert.notEqual(csrfOf(ha.text), csrfOf(hb.text));
});

for (const [role, label] of [['analyst', 'アナリスト'], ['staff_admin', 'スタッフ管理者']]) {
  test(`${role}: home shows the provider, no customer number`, async () => {
    const { client, user } = await staffLogin({ role, name: `SOC ${role}` });
    const home = await client.get('/');
    assert.equal(home.status, 200);
    assert.equal(textById(home.text, 'display-name'), `SOC ${role}`);
    assert.equal(textById(home.text, 'login-id'), user.login);
    assert.equal(textById(home.text, 'role'), label);
    assert.equal(textById(home.text, 'tenant-name'), 'サービス提供者(SOC)');
    assert.equal(textById(home.text, 'customer-no'), null);
  });
}

test('display names are escaped (stored markup never runs)', async () => {
  const name = '<img src=x onerror=alert(1)>"\'&';
  const { client } = await loggedIn({ name });
  const home = await client.get('/');
  assert.equal(home.status, 200);
  assert.ok(!home.text.includes('<img src=x'));
  assert.ok(home.text.includes('&lt;img src=x onerror=alert(1)&gt;'));
  assert.equal(textById(home.text, 'display-name'), name);
});
