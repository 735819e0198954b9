// The case lifecycle (CASE-5) both ways, closed never reopens, two people
// acting at once, and the mails each change sends.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loggedIn, Client, createUser, textById, dbRows, TENANT_A } from '../lib/http.mjs';
import { staffLogin } from '../lib/staff.mjs';
import { waitForMail, mailsTo } from '../lib/mail.mjs';
import { openCase, casePage, act, caseRow, activityCount, categoryId, listedCases, TEAM_ADDRESS } from '../lib/cases.mjs';
import { multipart, postMultipart, csrfFor } from '../lib/attach.mjs';

const CHANGED = 'このケースはほかの方によって更新されました。';
const CLOSED = 'このケースはクローズされているため、変更できません。';

let analystP;
function analyst() {
  analystP ??= staffLogin({ name: '対応 アナリスト' });
  return analystP;
}

async function staffSet(staff, no, status, body) {
  const res = await act(staff, no, 'status', body ? { status, body } : { status }, { prefix: '/staff' });
  assert.equal(res.status, 303, `staff set ${status}: ${res.status} ${textById(res.text, 'case-error')}`);
}

test('inquiry to closed: answer, reply, resolve, reject, resolve again, accept', async () => {
  const { client, user } = await loggedIn({ role: 'customer_user', name: '流れ 花子' });
  const { client: staff, user: staffUser } = await analyst();
  const no = await openCase(client, { subject: 'VPN が切れる', description: '昨日から VPN が頻繁に切れます。' });
  const teamMail = await waitForMail(TEAM_ADDRESS, { subject: `[${no}] 新しいお問い合わせ: VPN が切れる` });
  assert.match(teamMail.body, /昨日から VPN が頻繁に切れます。/);

  let page = await casePage(client, no);
  assert.equal(page.status, '新規');
  const created = await client.get(`/cases/${no}?done=created`);
  assert.equal(textById(created.text, 'case-notice'), 'お問い合わせを受け付けました。');
  assert.match(textById(page.res.text, 'status-message'), /担当者からの連絡をお待ちください/);

  // the analyst takes it, assigns themself and asks a question
  const assign = await act(staff, no, 'assign', { assignee: String(staffUser.id) }, { prefix: '/staff' });
  assert.equal(assign.status, 303);
  await staffSet(staff, no, 'working');
  const ask = await act(staff, no, 'comment', { body: 'ご利用の機種を教えてください。', visibility: 'public' }, { prefix: '/staff' });
  assert.equal(ask.status, 303);
  await staffSet(staff, no, 'awaiting_customer');
  await waitForMail(user.login, { subject: `[${no}] 担当者からのコメント: VPN が切れる` });
  const statusMail = await waitForMail(user.login, { subject: `[${no}] 状況が変わりました: VPN が切れる`, count: 2 });
  assert.match(statusMail.body, /お客様確認待ち/);

  // the customer's answer gives the case back to the analyst, and mails them
  page = await casePage(client, no);
  assert.equal(page.status, 'お客様確認待ち');
  assert.match(page.res.text, /ご利用の機種を教えてください。/);
  const reply = await act(client, no, 'comment', { body: 'UTM-100 です。' });
  assert.equal(reply.status, 303);
  assert.equal(caseRow(no).status, 'working');
  const toAnalyst = await waitForMail(staffUser.login, { subject: `[${no}] お客様からのコメント: VPN が切れる` });
  assert.match(toAnalyst.body, /UTM-100 です。/);

  // resolved: close is not offered; accept and reject are
  await staffSet(staff, no, 'resolved', '設定を修正しました。');
  page = await casePage(client, no);
  assert.equal(page.status, '解決済み(クローズ待ち)');
  assert.ok(!page.res.text.includes('id="close-case"'), 'close is not offered while resolved');
  assert.ok(page.res.text.includes('id="accept-solution"') && page.res.text.includes('id="reject-solution"'));
  const closeWhileResolved = await act(client, no, 'close', { confirm: '1' });
  assert.equal(closeWhileResolved.status, 409);
  assert.equal(caseRow(no).status, 'resolved');

  // reject needs a reason, then goes back to the provider
  const noReason = await act(client, no, 'reject', {});
  assert.equal(noReason.status, 400);
  assert.equal(caseRow(no).status, 'resolved');
  const reject = await act(client, no, 'reject', { body: 'まだ切れます。' });
  assert.equal(reject.status, 303);
  assert.equal(caseRow(no).status, 'working');
  await waitForMail(staffUser.login, { subject: `[${no}] お客様がソリューションを却下: VPN が切れる` });

  await staffSet(staff, no, 'resolved', 'ファームウェアを更新しました。');
  const accept = await act(client, no, 'accept');
  assert.equal(accept.status, 303);
  assert.equal(accept.headers.get('location'), `/cases/${no}?done=accept`);
  const accepted = await client.get(accept.headers.get('location'));
  assert.equal(textById(accepted.text, 'case-notice'), 'ソリューションを承認しました。ケースはクローズされました。');
  page = await casePage(client, no);
  assert.equal(page.status, 'クローズ');
  assert.ok(page.res.text.includes('id="closed-note"'));
  assert.ok(!page.res.text.includes('id="comment-form"'));
  const row = caseRow(no);
  assert.equal(row.status, 'closed');
  const [[closedAt]] = dbRows(`SELECT closed_at FROM cases WHERE case_no = '${no}'`);
  assert.ok(closedAt, 'closed_at is set');
});

test('close with the confirmation; a closed case refuses every change with the reason', async () => {
  const { client } = await loggedIn({ role: 'customer_admin' });
  const { client: staff } = await analyst();
  const no = await openCase(client, { subject: 'クローズ確認' });
  const confirm = await client.get(`/cases/${no}/close`);
  assert.equal(confirm.status, 200);
  assert.match(textById(confirm.text, 'close-warning'), /クローズしたケースは再オープンできません/);
  // without the confirmation field the warning comes again, nothing changes
  const unconfirmed = await act(client, no, 'close');
  assert.equal(unconfirmed.status, 200);
  assert.ok(unconfirmed.text.includes('id="close-warning"'));
  assert.equal(caseRow(no).status, 'new');
  const closed = await act(client, no, 'close', { confirm: '1' });
  assert.equal(closed.status, 303);
  const before = caseRow(no);
  assert.equal(before.status, 'closed');
  const activities = activityCount(no);

  for (const [action, fields] of [['comment', { body: 'もう一度' }], ['close', { confirm: '1' }],
    ['accept', {}], ['reject', { body: '却下' }]]) {
    const res = await act(client, no, action, fields, { version: String(before.version) });
    assert.equal(res.status, 409, `${action} on a closed case`);
    assert.match(textById(res.text, 'case-error'), new RegExp(CLOSED));
  }
  for (const [action, fields] of [['comment', { body: '内部', visibility: 'internal' }],
    ['status', { status: 'working' }], ['assign', { assignee: '' }]]) {
    const res = await act(staff, no, action, fields, { prefix: '/staff', version: String(before.version) });
    assert.equal(res.status, 409, `staff ${action} on a closed case`);
    assert.match(textById(res.text, 'case-error'), new RegExp(CLOSED));
  }
  const after = caseRow(no);
  assert.deepEqual(after, before, 'nothing changed');
  assert.equal(activityCount(no), activities);
  assert.equal((await client.get(`/cases/${no}/close`)).status, 303, 'no confirmation page for a closed case');
});

test('two people acting on one case at once: one wins, the other is told the case changed', async () => {
  const a = await loggedIn({ role: 'customer_user', tenant: TENANT_A.no });
  const b = new Client();
  await b.loginOk(createUser({ role: 'customer_admin', tenant: TENANT_A.no }));
  const no = await openCase(a.client, { subject: '同時操作' });
  const pa = await casePage(a.client, no);
  const pb = await casePage(b, no);
  assert.equal(pa.version, pb.version);
  const [ra, rb] = await Promise.all([
    a.client.post(`/cases/${no}/comment`, { csrf: pa.csrf, version: pa.version, body: 'A のコメント' }),
    b.post(`/cases/${no}/close`, { csrf: pb.csrf, version: pb.version, confirm: '1' }),
  ]);
  const statuses = [ra.status, rb.status].sort();
  assert.deepEqual(statuses, [303, 409], `one wins: ${ra.status} ${rb.status}`);
  const loser = ra.status === 409 ? ra : rb;
  // A comment that lost to the close may be told either that the case changed
  // (it read the case before the close committed) or, more precisely, that the
  // case is now closed (it read it after).
  const expected = loser === ra ? new RegExp(`${CHANGED}|${CLOSED}`) : new RegExp(CHANGED);
  assert.match(textById(loser.text, 'case-error'), expected);
  assert.equal(caseRow(no).version, Number(pa.version) + 1, 'exactly one change');
  // a stale form is refused the same way later
  const stale = await a.client.post(`/cases/${no}/comment`, { csrf: pa.csrf, version: pa.version, body: '古い' });
  assert.ok(stale.status === 409, `stale version: ${stale.status}`);
});

test('internal notes: never on the customer page and never in the customer mail', async () => {
  const { client, user } = await loggedIn({ role: 'customer_user' });
  const { client: staff } = await analyst();
  const no = await openCase(client, { subject: '内部メモ確認' });
  const note = await act(staff, no, 'comment', { body: '内部メモ:顧客には見せない XYZZY', visibility: 'internal' }, { prefix: '/staff' });
  assert.equal(note.status, 303);
  const pub = await act(staff, no, 'comment', { body: '公開コメント PLUGH', visibility: 'public' }, { prefix: '/staff' });
  assert.equal(pub.status, 303);
  const staffPage = await casePage(staff, no, '/staff');
  assert.ok(staffPage.res.text.includes('XYZZY'), 'staff see the note');
  const page = await casePage(client, no);
  assert.ok(page.res.text.includes('PLUGH'));
  assert.ok(!page.res.text.includes('XYZZY'), 'the customer never sees the note');
  await waitForMail(user.login, { subject: `[${no}] 担当者からのコメント: 内部メモ確認` });
  for (const m of mailsTo(user.login)) assert.ok(!m.body.includes('XYZZY'), 'no note in customer mail');
});

test('internal notes and files change nothing the customer sees: version, updated time, list order', async () => {
  const { client } = await loggedIn({ role: 'customer_user', tenant: TENANT_A.no });
  const { client: staff } = await analyst();
  const older = await openCase(client, { subject: '内部メモ 古い方' });
  const newer = await openCase(client, { subject: '内部メモ 新しい方' });
  // the older case was last changed an hour before the newer one
  dbRows(`UPDATE cases o JOIN cases n ON n.case_no = '${newer}'
    SET o.updated_at = n.updated_at - INTERVAL 1 HOUR WHERE o.case_no = '${older}'`);
  const updatedAt = (no) => dbRows(`SELECT updated_at FROM cases WHERE case_no = '${no}'`)[0][0];
  const before = await casePage(client, older);
  const updatedBefore = textById(before.res.text, 'case-updated');
  const stamp = updatedAt(older);
  const listBefore = listedCases((await client.get('/cases/?mine=1')).text);
  assert.deepEqual(listBefore, [newer, older]);

  const note = await act(staff, older, 'comment', { body: '内部メモ QUUX', visibility: 'internal' }, { prefix: '/staff' });
  assert.equal(note.status, 303, textById(note.text, 'case-error'));
  const staffCsrf = await csrfFor(staff);
  const file = await postMultipart(staff, `/staff/cases/${older}/attachments`, multipart([
    { name: 'csrf', value: staffCsrf }, { name: 'visibility', value: 'internal' },
    { name: 'attachments', filename: 'internal.txt', data: 'internal' }]));
  assert.equal(file.status, 303, file.text);

  const after = await casePage(client, older);
  assert.equal(after.version, before.version, 'the version the customer sees is unchanged');
  assert.equal(textById(after.res.text, 'case-updated'), updatedBefore, 'the updated time is unchanged');
  assert.equal(updatedAt(older), stamp);
  assert.deepEqual(listedCases((await client.get('/cases/?mine=1')).text), listBefore, 'the list order is unchanged');
  // a comment written on the page read before the note is taken
  const reply = await client.post(`/cases/${older}/comment`, { csrf: before.csrf, version: before.version, body: '返信です' });
  assert.equal(reply.status, 303, textById(reply.text, 'case-error'));
  assert.equal(caseRow(older).version, Number(before.version) + 1);
});

test('a comment refused because the case changed comes back with its text (and a note stays internal)', async () => {
  const { client } = await loggedIn({ role: 'customer_user', tenant: TENANT_A.no });
  const { client: staff } = await analyst();
  const no = await openCase(client, { subject: '再入力' });
  const page = await casePage(client, no);
  await staffSet(staff, no, 'working', '確認します');
  const stale = await client.post(`/cases/${no}/comment`, { csrf: page.csrf, version: page.version, body: '長い説明 <b>太字</b>' });
  assert.equal(stale.status, 409);
  assert.match(textById(stale.text, 'case-error'), new RegExp(CHANGED));
  assert.match(stale.text, /<textarea id="comment-body"[^>]*>長い説明 &lt;b&gt;太字&lt;\/b&gt;<\/textarea>/);
  const staffPage = await casePage(staff, no, '/staff');
  await staffSet(staff, no, 'awaiting_customer');
  const note = await staff.post(`/staff/cases/${no}/comment`, {
    csrf: staffPage.csrf, version: staffPage.version, body: '内部の下書き', visibility: 'internal' });
  assert.equal(note.status, 409);
  assert.match(note.text, /<textarea id="comment-body"[^>]*>内部の下書き<\/textarea>/);
  assert.match(note.text, /id="visibility-internal" checked/);
  assert.doesNotMatch(note.text, /id="visibility-public" checked/);
});

test('a case takes 1,000 comments and 200 files, then asks for a new inquiry; it can still be resolved and closed', async () => {
  const { client, user } = await loggedIn({ role: 'customer_user', tenant: TENANT_A.no });
  const { client: staff } = await analyst();
  const no = await openCase(client, { subject: '上限確認' });
  const FULL = 'このケースに書き込める上限';
  // 999 comments and 199 files already (as written over years)
  dbRows(`INSERT INTO case_activity (case_id, tenant_id, author_user_id, kind, body, created_at)
    SELECT c.id, c.tenant_id, ${Number(user.id)}, IF(s.seq % 10 = 0, 'note', 'comment'), CONCAT('過去 ', s.seq),
      UTC_TIMESTAMP() - INTERVAL 1 DAY FROM cases c JOIN seq_1_to_999 s WHERE c.case_no = '${no}'`);
  dbRows(`INSERT INTO case_attachments (case_id, tenant_id, store_id, file_name, content_type, size_bytes,
      sha256, uploaded_by, created_at)
    SELECT c.id, c.tenant_id, CONCAT(RPAD(c.case_no, 20, '0'), LPAD(s.seq, 12, '0')), CONCAT('f', s.seq, '.txt'),
      'text/plain', 1, UNHEX(SHA2(s.seq, 256)), ${Number(user.id)}, UTC_TIMESTAMP() - INTERVAL 1 DAY
    FROM cases c JOIN seq_1_to_199 s WHERE c.case_no = '${no}'`);
  const last = await act(client, no, 'comment', { body: '千件目' });
  assert.equal(last.status, 303, textById(last.text, 'case-error'));
  const over = await act(client, no, 'comment', { body: '千一件目' });
  assert.equal(over.status, 409);
  assert.match(textById(over.text, 'case-error'), new RegExp(FULL));
  assert.match(over.text, /<textarea id="comment-body"[^>]*>千一件目<\/textarea>/);
  const note = await act(staff, no, 'comment', { body: 'メモ', visibility: 'internal' }, { prefix: '/staff' });
  assert.equal(note.status, 409);
  assert.match(textById(note.text, 'case-error'), new RegExp(FULL));
  // files: the 200th is taken, the 201st is not
  const csrf = (await casePage(client, no)).csrf;
  const file = (name) => multipart([{ name: 'csrf', value: csrf }, { name: 'attachments', filename: name, data: 'x' }]);
  assert.equal((await postMultipart(client, `/cases/${no}/attachments`, file('200.txt'))).status, 303);
  const tooMany = await postMultipart(client, `/cases/${no}/attachments`, file('201.txt'));
  assert.equal(tooMany.status, 409);
  assert.ok(tooMany.text.includes(FULL), 'the files limit is named');
  assert.equal(Number(dbRows(`SELECT COUNT(*) FROM case_attachments a JOIN cases c ON c.id = a.case_id
    WHERE c.case_no = '${no}'`)[0][0]), 200);
  // the provider still resolves it (with a word), and the customer closes it
  await staffSet(staff, no, 'resolved', '解決しました');
  const accept = await act(client, no, 'accept');
  assert.equal(accept.status, 303, textById(accept.text, 'case-error'));
  assert.equal(caseRow(no).status, 'closed');
  assert.equal((await client.get(`/cases/${no}`)).status, 200);
});

test('bad input changes nothing and says why', async () => {
  const { client } = await loggedIn({ role: 'customer_user' });
  const no = await openCase(client, { subject: '入力チェック' });
  const before = caseRow(no);
  const empty = await act(client, no, 'comment', { body: '' });
  assert.equal(empty.status, 400);
  assert.ok(empty.text.includes('id="error-body"'));
  const control = await act(client, no, 'comment', { body: 'a\u0001b' });
  assert.equal(control.status, 400);
  const badVersion = await act(client, no, 'comment', { body: 'x' }, { version: 'abc' });
  assert.equal(badVersion.status, 400);
  assert.deepEqual(caseRow(no), before);
  const form = await client.get('/cases/new');
  const noSubject = await client.post('/cases/new', { csrf: /name="csrf" value="([^"]+)"/.exec(form.text)[1], category: '1', subject: '', description: 'x' });
  assert.equal(noSubject.status, 400);
  assert.ok(noSubject.text.includes('id="error-subject"'));
  const providerOnly = await client.post('/cases/new', { csrf: /name="csrf" value="([^"]+)"/.exec(form.text)[1], category: categoryId('monthly_report_delivery'), subject: 's', description: 'd' });
  assert.equal(providerOnly.status, 400, 'a provider-only category is refused');
  assert.ok(providerOnly.text.includes('id="error-category"'));
});
