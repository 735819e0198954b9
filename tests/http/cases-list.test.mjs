// The case list (CASE-3, CASE-4): columns, paging text, sort both ways,
// filters and quick filters in the query string, and the keyword search
// (Japanese inside comments, width and case folded, % _ \ literal,
// internal notes never found by customers, other tenants never).
import test from 'node:test';
import assert from 'node:assert/strict';
import { Client, createUser, textById, decodeEntities, dbRows, sqlString } from '../lib/http.mjs';
import { staffLogin } from '../lib/staff.mjs';
import { openCase, act, listCount, listedCases, freshTenant } from '../lib/cases.mjs';

async function userOf(tenant, role = 'customer_user', name = '一覧 太郎') {
  const user = createUser({ role, tenant: tenant.no, name });
  const client = new Client();
  await client.loginOk(user);
  return { user, client };
}

function setStatus(no, status) {
  dbRows(`UPDATE cases SET status = ${sqlString(status)} WHERE case_no = ${sqlString(no)}`);
}

const tenant = freshTenant('一覧テスト株式会社');
let setupP;
/** 23 cases of one tenant, subjects numbered, one of them by a second user. */
function setup() {
  setupP ??= (async () => {
    const a = await userOf(tenant, 'customer_user', '一覧 太郎');
    const b = await userOf(tenant, 'customer_admin', '一覧 花子');
    const nos = [];
    for (let i = 1; i <= 22; i++) {
      nos.push(await openCase(a.client, { subject: `件名${String(i).padStart(2, '0')}`, description: `本文 ${i}` }));
    }
    nos.push(await openCase(b.client, { category: 'alert', subject: '件名23 花子', description: '花子の問い合わせ' }));
    return { a, b, nos };
  })();
  return setupP;
}

test('columns, the paging text and pages', async () => {
  const { a, nos } = await setup();
  const first = await a.client.get('/cases/');
  assert.equal(first.status, 200);
  assert.equal(listCount(first.text), '1~20 件目 / 23 件');
  const listed = listedCases(first.text);
  assert.equal(listed.length, 20);
  assert.equal(listed[0], nos[22], 'newest first by default');
  const row = first.text.slice(first.text.indexOf(`>${nos[22]}<`));
  for (const cell of ['新規', 'アラートについて', '件名23 花子', tenant.no, tenant.name, '一覧 花子']) {
    assert.ok(row.slice(0, 1200).includes(cell), `column ${cell}`);
  }
  assert.match(row.slice(0, 1200), /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
  const next = /id="page-next"/.test(first.text) && decodeEntities(/href="([^"]+)" rel="next"/.exec(first.text)[1]);
  assert.ok(next, 'a next page link');
  const second = await a.client.get(next);
  assert.equal(listCount(second.text), '21~23 件目 / 23 件');
  assert.equal(listedCases(second.text).length, 3);
  const far = await a.client.get('/cases/?page=99');
  assert.equal(listCount(far.text), '21~23 件目 / 23 件', 'a page past the end shows the last');
});

test('sort by any column both ways, kept in the query string', async () => {
  const { a } = await setup();
  const asc = await a.client.get('/cases/?sort=subject&dir=asc');
  const desc = await a.client.get('/cases/?sort=subject&dir=desc');
  const subjectsOf = (html) => [...html.matchAll(/class="case-subject">([^<]+)</g)].map((m) => decodeEntities(m[1]));
  assert.equal(subjectsOf(asc.text)[0], '件名01');
  assert.equal(subjectsOf(desc.text)[0], '件名23 花子');
  assert.match(textById(asc.text, 'sort-subject'), /▲/);
  assert.ok(asc.text.includes('href="/cases/?sort=subject&amp;dir=desc"'), 'the header link turns the order');
  for (const col of ['no', 'status', 'category', 'customer', 'tenant', 'service', 'contact', 'updated']) {
    for (const dir of ['asc', 'desc']) {
      const res = await a.client.get(`/cases/?sort=${col}&dir=${dir}`);
      assert.equal(res.status, 200, `${col} ${dir}`);
      assert.equal(listCount(res.text), '1~20 件目 / 23 件');
    }
  }
  const nosAsc = listedCases((await a.client.get('/cases/?sort=no&dir=asc')).text);
  assert.deepEqual([...nosAsc].sort(), nosAsc);
  const bad = await a.client.get('/cases/?sort=password');
  assert.equal(bad.status, 400);
  assert.equal(textById(bad.text, 'list-error'), '検索条件に誤りがあります。');
});

test('filters and quick filters: status, category, mine, updated range, action required, monthly report', async () => {
  const { a, b, nos } = await setup();
  setStatus(nos[0], 'awaiting_customer');
  setStatus(nos[1], 'resolved');
  setStatus(nos[2], 'closed');
  const action = await a.client.get('/cases/?quick=action');
  assert.deepEqual(new Set(listedCases(action.text)), new Set([nos[0], nos[1]]));
  assert.equal(textById(action.text, 'quick-action'), 'アクションが必要');
  const closed = await a.client.get('/cases/?status=closed');
  assert.deepEqual(listedCases(closed.text), [nos[2]]);
  assert.ok(closed.text.includes('<option value="closed" selected>'), 'the form shows the filter');
  const mine = await b.client.get('/cases/?mine=1');
  assert.deepEqual(listedCases(mine.text), [nos[22]]);
  const everyone = await b.client.get('/cases/');
  assert.equal(listCount(everyone.text), '1~20 件目 / 23 件', 'every user sees the tenant\'s cases');
  const [[alertId]] = dbRows("SELECT id FROM case_categories WHERE code = 'alert'");
  const alerts = await a.client.get(`/cases/?category=${alertId}`);
  assert.deepEqual(listedCases(alerts.text), [nos[22]]);
  const monthly = await a.client.get('/cases/?quick=monthly');
  assert.equal(textById(monthly.text, 'list-count'), '該当するケースはありません。');
  // updated range, in the user's zone (Asia/Tokyo): today holds them all
  const today = new Date(Date.now() + 9 * 3600e3).toISOString().slice(0, 10);
  const inRange = await a.client.get(`/cases/?from=${today}&to=${today}`);
  assert.equal(listCount(inRange.text), '1~20 件目 / 23 件');
  const past = await a.client.get('/cases/?to=2020-01-01');
  assert.equal(textById(past.text, 'list-count'), '該当するケースはありません。');
  const badDate = await a.client.get('/cases/?from=2026-02-31');
  assert.equal(badDate.status, 400);
  // the filter is kept in the pager and sort links
  const kept = await a.client.get(`/cases/?status=new&from=${today}`);
  assert.ok(kept.text.includes(`href="/cases/?status=new&amp;from=${today}&amp;sort=no&amp;dir=asc"`));
});

test('the updated range in a zone with daylight saving time: a "to" date holds all 25 hours of the day the clocks go back', async () => {
  const own = freshTenant('夏時間テスト株式会社');
  const user = createUser({ tenant: own.no, name: 'Berlin 利用者' });
  dbRows(`UPDATE users SET time_zone = 'Europe/Berlin' WHERE id = ${user.id}`);
  const client = new Client();
  await client.loginOk(user);
  const no = await openCase(client, { subject: '夏時間の終わる日' });
  // 2026-10-25 23:30 in Berlin (CET, UTC+1), the day's 25th hour
  dbRows(`UPDATE cases SET updated_at = '2026-10-25 22:30:00' WHERE case_no = ${sqlString(no)}`);
  const day = await client.get('/cases/?from=2026-10-25&to=2026-10-25');
  assert.equal(day.status, 200);
  assert.deepEqual(listedCases(day.text), [no], 'within the day in the reader\'s zone');
  assert.deepEqual(listedCases((await client.get('/cases/?to=2026-10-24')).text), []);
  assert.deepEqual(listedCases((await client.get('/cases/?from=2026-10-26')).text), []);
});

test('keyword: Japanese inside comments, widths and case folded, wildcards literal', async () => {
  const { a } = await setup();
  const no = await openCase(a.client, { subject: 'ＶＰＮ 接続について', description: 'Firewall の設定 100%_完了\\済み' });
  const c = await act(a.client, no, 'comment', { body: '昨日不審なメールが届きました' });
  assert.equal(c.status, 303);
  const hits = async (q) => listedCases((await a.client.get(`/cases/?q=${encodeURIComponent(q)}`)).text);
  assert.deepEqual(await hits('不審なメール'), [no], 'a word inside a Japanese comment');
  assert.deepEqual(await hits('vpn'), [no], 'full-width and upper case folded');
  assert.deepEqual(await hits('ｖｐｎ　接続'), [no], 'two terms, ideographic space');
  assert.deepEqual(await hits('FIREWALL'), [no]);
  assert.deepEqual(await hits('100%_'), [no]);
  assert.deepEqual(await hits('%'), [no], '% is literal');
  assert.deepEqual(await hits('_'), [no], '_ is literal');
  assert.deepEqual(await hits('\\'), [no], '\\ is literal');
  assert.deepEqual(await hits('0%完'), [], 'no wildcard match');
  assert.deepEqual(await hits('不審なメール 存在しない'), [], 'every term must occur');
  const res = await a.client.get(`/cases/?q=${encodeURIComponent('不審なメール')}`);
  assert.ok(res.text.includes('value="不審なメール"'), 'the keyword stays in the form');
  const many = await a.client.get('/cases/?q=a+b+c+d+e');
  assert.equal(many.status, 400);
  assert.equal(textById(many.text, 'list-error'), 'キーワードは 4 語までで指定してください。');
  // a period that ends before it starts is said so, not answered with an empty list
  const backwards = await a.client.get('/cases/?from=2026-11-30&to=2026-11-01');
  assert.equal(backwards.status, 400);
  assert.equal(textById(backwards.text, 'list-error'), '更新日の期間は、終了日を開始日以降の日付にしてください。');
  assert.equal((await a.client.get('/cases/?from=2026-11-01&to=2026-11-01')).status, 200, 'one day is a period');
});

test('keyword never finds internal notes or other tenants\' cases', async () => {
  const { a } = await setup();
  const other = freshTenant('他社株式会社');
  const o = await userOf(other);
  const otherNo = await openCase(o.client, { subject: '共通語 MAGICWORD', description: 'x' });
  const { client: staff } = await staffLogin({ name: '検索 アナリスト' });
  const no = await openCase(a.client, { subject: '内部メモ検索' });
  const note = await act(staff, no, 'comment', { body: '秘密のメモ SECRETNOTE', visibility: 'internal' }, { prefix: '/staff' });
  assert.equal(note.status, 303);
  const res = await a.client.get('/cases/?q=SECRETNOTE');
  assert.equal(textById(res.text, 'list-count'), '該当するケースはありません。');
  const staffRes = await staff.get(`/staff/cases/?q=${encodeURIComponent('内部メモ検索')}`);
  assert.deepEqual(listedCases(staffRes.text), [no]);
  const cross = await a.client.get('/cases/?q=MAGICWORD');
  assert.equal(textById(cross.text, 'list-count'), '該当するケースはありません。');
  assert.ok(!cross.text.includes(otherNo) && !cross.text.includes(other.no));
  const own = await o.client.get('/cases/?q=magicword');
  assert.deepEqual(listedCases(own.text), [otherNo]);
  const byTenant = await staff.get(`/staff/cases/?tenant=${other.no}`);
  assert.deepEqual(listedCases(byTenant.text), [otherNo], 'the analyst queue filters by tenant');
});

test('the filter form and the column headings follow each list\'s values, whoever asked before', async () => {
  // each process keeps these parts by the values they show: in turn,
  // several times, so that every worker answers each reader and filter
  const { a } = await setup();
  const en = await userOf(tenant, 'customer_user', '一覧 英語');
  dbRows(`UPDATE users SET lang = 'en' WHERE id = ${en.user.id}`);
  const enClient = new Client();
  await enClient.loginOk(en.user);
  const { client: staff } = await staffLogin({ name: '一覧 アナリスト' });
  const [[alertId]] = dbRows("SELECT id FROM case_categories WHERE code = 'alert'");
  const selected = (html, name) => {
    const select = html.slice(html.indexOf(`<select id="${name}"`), html.indexOf('</select>', html.indexOf(`<select id="${name}"`)));
    return [...select.matchAll(/<option value="([^"]*)" selected>/g)].map((m) => m[1]);
  };
  for (let i = 0; i < 6; i++) {
    const plain = (await a.client.get('/cases/')).text;
    assert.deepEqual(selected(plain, 'status'), []);
    assert.deepEqual(selected(plain, 'category'), []);
    assert.ok(plain.includes('<input id="q" name="q" type="search" maxlength="100" value="">'));
    assert.ok(plain.includes('id="mine">'), 'a customer\'s form: my cases');
    assert.ok(!plain.includes('id="tenant"'));
    assert.match(textById(plain, 'sort-updated'), /▼/);
    assert.equal(textById(plain, 'filter-button'), '実行');

    const filtered = (await a.client.get(`/cases/?status=new&category=${alertId}&q=%3C%E4%BB%B6%E5%90%8D%3E&sort=subject&dir=asc`)).text;
    assert.deepEqual(selected(filtered, 'status'), ['new']);
    assert.deepEqual(selected(filtered, 'category'), [String(alertId)]);
    assert.ok(filtered.includes('name="q" type="search" maxlength="100" value="&lt;件名&gt;"'), 'the keyword, escaped');
    assert.ok(filtered.includes('<input type="hidden" name="sort" value="subject">'));
    const alerts = (await a.client.get(`/cases/?status=new&category=${alertId}&sort=subject&dir=asc`)).text;
    assert.equal(listCount(alerts), '1~1 件目 / 1 件');
    assert.ok(alerts.includes(`href="/cases/?status=new&amp;category=${alertId}&amp;sort=no&amp;dir=asc"`),
      'the sort links keep the filter');
    assert.match(textById(alerts, 'sort-subject'), /▲/);
    assert.doesNotMatch(textById(alerts, 'sort-updated'), /[▲▼]/);
    // one value different from the list before each
    const anyCategory = (await a.client.get('/cases/?status=new&sort=subject&dir=asc')).text;
    assert.deepEqual(selected(anyCategory, 'category'), []);
    assert.deepEqual(selected(anyCategory, 'status'), ['new']);
    const anyStatus = (await a.client.get(`/cases/?category=${alertId}&sort=subject&dir=asc`)).text;
    assert.deepEqual(selected(anyStatus, 'status'), []);
    assert.deepEqual(selected(anyStatus, 'category'), [String(alertId)]);
    const down = (await a.client.get(`/cases/?status=new&category=${alertId}&sort=subject&dir=desc`)).text;
    assert.match(textById(down, 'sort-subject'), /▼/);
    assert.ok(down.includes('<input type="hidden" name="dir" value="desc">'));
    const japanese = (await a.client.get('/cases/?status=closed')).text;
    assert.equal(textById(japanese, 'filter-button'), '実行');

    const english = (await enClient.get('/cases/?status=closed')).text;
    assert.deepEqual(selected(english, 'status'), ['closed']);
    assert.equal(textById(english, 'filter-button'), 'Apply');
    assert.ok(!english.includes('>実行<'));

    const queue = (await staff.get('/staff/cases/?status=new')).text;
    assert.deepEqual(selected(queue, 'status'), ['new']);
    assert.ok(queue.includes('id="tenant"'), 'the analysts\' form: the tenant');
    assert.ok(!queue.includes('id="mine">'));
    assert.ok(queue.includes('href="/staff/cases/?status=new&amp;sort=no&amp;dir=asc"'), 'the queue\'s own links');
  }
});

test('update times in each reader\'s own zone, whoever asked before', async () => {
  const zoned = freshTenant('時刻テスト株式会社');
  const tokyo = await userOf(zoned, 'customer_admin', '東京 太郎');
  const ny = await userOf(zoned, 'customer_user', '紐育 花子');
  dbRows(`UPDATE users SET time_zone = 'America/New_York' WHERE id = ${ny.user.id}`);
  const nyClient = new Client();
  await nyClient.loginOk(ny.user);
  const summer = await openCase(tokyo.client, { subject: '夏の時刻', description: 'x' });
  const winter = await openCase(tokyo.client, { subject: '冬の時刻', description: 'x' });
  dbRows(`UPDATE cases SET updated_at = '2026-07-01 03:04:05' WHERE case_no = ${sqlString(summer)}`);
  dbRows(`UPDATE cases SET updated_at = '2026-01-15 03:04:05' WHERE case_no = ${sqlString(winter)}`);
  const timeOf = (html, no) => {
    const row = html.slice(html.indexOf(`>${no}<`));
    return /(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})/.exec(row.slice(0, 1200))[1];
  };
  // in turn, several times: every worker answers both readers
  for (let i = 0; i < 6; i++) {
    const t = (await tokyo.client.get('/cases/')).text;
    assert.equal(timeOf(t, summer), '2026-07-01 12:04:05', 'Asia/Tokyo');
    assert.equal(timeOf(t, winter), '2026-01-15 12:04:05', 'Asia/Tokyo');
    const n = (await nyClient.get('/cases/')).text;
    assert.equal(timeOf(n, summer), '2026-06-30 23:04:05', 'America/New_York, daylight saving time');
    assert.equal(timeOf(n, winter), '2026-01-14 22:04:05', 'America/New_York, standard time');
  }
});

test('a category made after the list last read the categories is named in its rows', async () => {
  const fresh = freshTenant('分類テスト株式会社');
  const a = await userOf(fresh);
  const no = await openCase(a.client, { subject: '新しい分類の件', description: 'x' });
  for (let i = 0; i < 4; i++) await a.client.get('/cases/');
  const code = `list_new_${Date.now()}`;
  dbRows(`INSERT INTO case_categories (code, position, name_ja, name_en, created_at)
    VALUES (${sqlString(code)}, 900, '一覧の新分類', 'New in the list', UTC_TIMESTAMP())`);
  dbRows(`UPDATE cases SET category_id = (SELECT id FROM case_categories WHERE code = ${sqlString(code)})
    WHERE case_no = ${sqlString(no)}`);
  for (let i = 0; i < 4; i++) {
    const res = await a.client.get('/cases/');
    const row = res.text.slice(res.text.indexOf(`>${no}<`));
    assert.ok(row.slice(0, 600).includes('<td>一覧の新分類</td>'), 'the new category\'s name');
    assert.match(res.text, /<option value="\d+">一覧の新分類<\/option>/, 'and the filter offers it');
  }
});

test('my cases: pages read with their count, and a page past the end', async () => {
  const { a } = await setup();
  const n = Number(dbRows(`SELECT COUNT(*) FROM cases WHERE contact_user_id = ${a.user.id}`)[0][0]);
  assert.ok(n > 20 && n <= 40, `${n} cases of the contact: two pages`);
  const mine = await a.client.get('/cases/?mine=1');
  assert.equal(listCount(mine.text), `1~20 件目 / ${n} 件`);
  const second = await a.client.get('/cases/?mine=1&page=2');
  assert.equal(listCount(second.text), `21~${n} 件目 / ${n} 件`);
  const far = await a.client.get('/cases/?mine=1&page=7');
  assert.equal(listCount(far.text), `21~${n} 件目 / ${n} 件`, 'a page past the end shows the last');
  assert.deepEqual(listedCases(far.text), listedCases(second.text));
  const none = await a.client.get('/cases/?mine=1&status=closed&category=999999&page=3');
  assert.equal(listCount(none.text), '該当するケースはありません。');
});

test('a new inquiry is of its tenant\'s contract: the list shows its service name', async () => {
  const { TENANT_A } = await import('../lib/http.mjs');
  const [contract] = dbRows(`SELECT k.id, k.service_name FROM contracts k JOIN tenants t ON t.id = k.tenant_id
    WHERE t.customer_no = ${sqlString(TENANT_A.no)} ORDER BY k.id DESC LIMIT 1`);
  assert.ok(contract, 'the demo tenant has a contract');
  const { client } = await userOf(TENANT_A, 'customer_user', '契約 太郎');
  const tag = `svc${Date.now().toString(36).replace(/[0-9]/g, (d) => 'ghijklmnop'[d])}`;
  const no = await openCase(client, { subject: `${tag} 件名`, description: '本文' });
  const [row] = dbRows(`SELECT contract_id, service_sort FROM cases WHERE case_no = ${sqlString(no)}`);
  assert.equal(String(row[0]), String(contract[0]));
  const list = await client.get(`/cases/?q=${tag}`);
  assert.equal(list.status, 200);
  assert.deepEqual(listedCases(list.text), [no]);
  const cells = [...list.text.slice(list.text.indexOf(`>${no}<`)).matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]);
  assert.ok(cells.includes(contract[1]), `service ${contract[1]} in ${cells.join(' | ')}`);
});
