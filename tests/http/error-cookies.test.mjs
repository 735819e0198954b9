// An error page replaces the response but not the cookies set before it
// failed: a session cookie cleared (or rotated) earlier in the same request
// must still reach the browser.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, setCookies } from '../lib/http.mjs';

const STALE = 'mm_session=' + 'Z'.repeat(43);

for (const [path, status] of [['/auth/no-such-page', 404], ['/dashboard/no-such-page', 404]]) {
  test(`GET ${path} with an unknown session: ${status}, and the session cookie is still cleared`, async () => {
    const c = new Client();
    const res = await c.get(path, { headers: { cookie: STALE } });
    assert.equal(res.status, status);
    assert.match(res.text, /<html lang="ja">/, 'the error page');
    const cleared = setCookies(res).filter((k) => k.name === 'mm_session');
    assert.equal(cleared.length, 1, `one Set-Cookie for mm_session: ${res.headers.getSetCookie().join(' | ')}`);
    assert.equal(cleared[0].value, '');
    assert.equal(cleared[0].attrs.get('max-age'), '0');
    assert.equal(cleared[0].attrs.get('httponly'), true);
    assert.equal(res.headers.get('location'), null, 'no header but cookies carries over');
  });
}
