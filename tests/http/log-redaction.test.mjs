// Logs never hold link tokens: the tokens of every mail in the sink
// (reset and confirmation links) appear in no file of the stack's log dir —
// program logs, nginx's access and error logs — although the links were
// opened, posted to, and sent on as Referer.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Client, createUser, csrfOf, uniqueId, VAR_DIR } from '../lib/http.mjs';
import { MAIL_DIR, parseMail, resetLinkIn, waitForMail, SUBJECTS } from '../lib/mail.mjs';
import { until } from '../lib/poll.mjs';

const LOG_DIR = path.join(VAR_DIR, 'log');
const NEW_PASSWORD = 'Lg5!Tq8#Wm2=Xr';


function filesUnder(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** Token-like parts (16+ URL-safe characters) of the links in every stored mail. */
function mailTokens() {
  const tokens = new Set();
  for (const name of fs.readdirSync(MAIL_DIR)) {
    if (name.startsWith('.') || !name.endsWith('.eml')) continue;
    const { body } = parseMail(fs.readFileSync(path.join(MAIL_DIR, name)), name);
    for (const [url] of body.matchAll(/https?:\/\/[^\s<>"]+/g)) {
      for (const part of url.split(/[/?&=#]/)) if (/^[A-Za-z0-9_-]{16,}$/.test(part)) tokens.add(part);
    }
  }
  return tokens;
}

function untilLogged(file, re) {
  return until(`a line matching ${re} in ${file}`, () => {
    try { return re.test(fs.readFileSync(path.join(LOG_DIR, file), 'utf8')); } catch { return false; }
  }, 8000);
}

test('no token of a mail appears in any log file', async () => {
  const email = uniqueId('logred');
  const user = createUser({ email });
  const c = new Client();
  const form = await c.get('/auth/reset');
  const asked = await c.post('/auth/reset', { csrf: csrfOf(form.text), user_id: user.login, email });
  assert.equal(asked.status, 200);
  const mail = await waitForMail(email, { subject: SUBJECTS.reset });
  const link = resetLinkIn(mail.body);
  const token = link.path.split('/').pop();
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);

  // open the link, a page asset with it as Referer, a query string that
  // repeats it, then set the password through it
  const page = await c.get(link.path);
  assert.equal(page.status, 200);
  const css = await c.get('/static/css/mimamori.css', { headers: { referer: link.url } });
  assert.equal(css.status, 200);
  await c.get(`${link.path}?again=${token}`);
  const set = await c.post(link.path, { csrf: csrfOf(page.text), password: NEW_PASSWORD, password_confirm: NEW_PASSWORD });
  assert.ok(set.status === 200 || set.status === 303, `set password: ${set.status}`);
  // a confirmation link of the signup area, made up but shaped like one
  const fake = 'Zq3-Wx9_Lk2PmN8vBt5RcY7dHs4JfG6aEu1oKi0nMzQ';
  const confirm = await new Client().get(`/signup/confirm/${fake}`);
  assert.ok(confirm.status < 500, `signup confirm: ${confirm.status}`);

  // the requests were logged (redacted), so the search below means something
  await untilLogged('nginx-access.log', /"POST \/auth\/reset\/\[redacted\] HTTP/);
  await untilLogged('auth.log', /POST \/auth\/reset\/\[redacted\] (200|303)/);
  await untilLogged('signup.log', /GET \/signup\/confirm\/\[redacted\] /);

  const tokens = mailTokens();
  tokens.add(fake);
  assert.ok(tokens.has(token), 'the reset mail was read');
  const found = [];
  for (const file of filesUnder(LOG_DIR)) {
    const text = fs.readFileSync(file, 'latin1');
    for (const t of tokens) if (text.includes(t)) found.push(`${path.relative(VAR_DIR, file)}: ${t.slice(0, 6)}…`);
  }
  assert.deepEqual(found, [], `tokens in logs:\n${found.join('\n')}`);
});
