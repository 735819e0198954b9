// Messages the stack's notifier delivered to the local sinks:
//   mail: raw RFC 5322 files $MM_VAR_DIR/mail/<time>-<seq>.eml (UTF-8,
//         RFC 2047 subjects, base64 bodies)
//   SMS:  JSON files $MM_VAR_DIR/sms/<time>-<seq>.json ({ "to", "text" })
// The sinks write under a dot-name and rename, so a listed file is complete.
// Tests match messages by recipient (every test has its own users), poll
// with a bounded timeout, and never delete anything.

import fs from 'node:fs';
import path from 'node:path';
import { VAR_DIR, dbRows, sqlString } from './http.mjs';

export const MAIL_DIR = path.join(VAR_DIR, 'mail');
export const SMS_DIR = path.join(VAR_DIR, 'sms');

export const SUBJECTS = {
  lockout: '【Mimamori】ユーザーIDがロックされました',
  mfaChanged: '【Mimamori】2段階認証の設定が変更されました',
  code: '【Mimamori】ログイン確認コード',
  stepupCode: '【Mimamori】設定変更の確認コード',
  reset: '【Mimamori】パスワード再設定のご案内',
  passwordChanged: '【Mimamori】パスワードが変更されました',
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Decodes RFC 2047 encoded-words (B and Q, UTF-8) of an unfolded header. */
export function decodeHeader(value) {
  const joined = value.replace(/(\?=)[ \t]+(=\?)/g, '$1$2');
  // Adjacent words may split one character's bytes: decode to bytes first.
  return joined.replace(/(?:=\?[^?]+\?[BbQq]\?[^?]*\?=)+/g, (run) => {
    const bytes = [];
    for (const m of run.matchAll(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g)) {
      if (m[2].toUpperCase() === 'B') {
        bytes.push(...Buffer.from(m[3], 'base64'));
      } else {
        const t = m[3].replace(/_/g, ' ');
        for (let i = 0; i < t.length; i++) {
          if (t[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(t.slice(i + 1, i + 3))) {
            bytes.push(parseInt(t.slice(i + 1, i + 3), 16));
            i += 2;
          } else {
            bytes.push(t.charCodeAt(i));
          }
        }
      }
    }
    return Buffer.from(bytes).toString('utf8');
  });
}

/**
 * Parses one stored message: { file, headers: Map(lowercase → [values]),
 * header(name), to, subject (decoded), body (decoded text, CRLF → LF), raw }.
 */
export function parseMail(raw, file = '') {
  const text = raw.toString('latin1');
  const m = /\r?\n\r?\n/.exec(text);
  const head = m ? text.slice(0, m.index) : text;
  const bodyRaw = m ? raw.subarray(Buffer.byteLength(text.slice(0, m.index + m[0].length), 'latin1')) : Buffer.alloc(0);
  const headers = new Map();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const k = line.slice(0, i).trim().toLowerCase();
    const v = Buffer.from(line.slice(i + 1).trim(), 'latin1').toString('utf8');
    if (!headers.has(k)) headers.set(k, []);
    headers.get(k).push(v);
  }
  const header = (n) => (headers.get(n.toLowerCase()) || [null])[0];
  const cte = (header('content-transfer-encoding') || '7bit').toLowerCase();
  let body;
  if (cte === 'base64') body = Buffer.from(bodyRaw.toString('latin1').replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (cte === 'quoted-printable') {
    const s = bodyRaw.toString('latin1').replace(/=\r?\n/g, '');
    body = Buffer.from(s.replace(/=([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  } else body = bodyRaw.toString('utf8');
  body = body.replace(/\r\n/g, '\n');
  const toHeader = header('to') || '';
  const addr = /<([^>]+)>/.exec(toHeader);
  return {
    file,
    headers,
    header,
    to: (addr ? addr[1] : toHeader).trim(),
    subject: decodeHeader(header('subject') || ''),
    body,
    raw,
  };
}

// Parsed files, by name (a stored message never changes), each with the
// time it was written (mtime, ns). Messages are ordered by that time: the
// time in the file names is not exact enough for it (its seconds and its
// microseconds are read from the clock one after the other).
const mailCache = new Map();
const smsCache = new Map();

function listDir(dir, ext) {
  let names;
  try {
    names = fs.readdirSync(dir);
  } catch (e) {
    if (e.code === 'ENOENT') return [];
    throw e;
  }
  return names.filter((n) => !n.startsWith('.') && n.endsWith(ext));
}

/**
 * Parses the new files of dir into cache; returns the cached messages for
 * which keep(msg) holds, oldest first.
 */
function scan(dir, ext, cache, parse, keep) {
  for (const name of listDir(dir, ext)) {
    if (cache.has(name)) continue;
    const file = path.join(dir, name);
    const written = fs.statSync(file, { bigint: true }).mtimeNs;
    cache.set(name, { name, written, msg: parse(fs.readFileSync(file), name) });
  }
  const order = (x, y) => (x.written < y.written ? -1 : x.written > y.written ? 1
    : x.name < y.name ? -1 : x.name > y.name ? 1 : 0);
  return [...cache.values()].filter((e) => keep(e.msg)).sort(order).map((e) => e.msg);
}

/**
 * Every stored mail to this address (case-insensitive), oldest first
 * (parsed as by parseMail, without .raw).
 */
export function mailsTo(address, { subject } = {}) {
  const want = address.toLowerCase();
  return scan(MAIL_DIR, '.eml', mailCache, (data, name) => {
    // Kept without the raw bytes: a long-lived sink directory holds many.
    const { raw, ...parsed } = parseMail(data, name);
    return parsed;
  }, (m) => m.to.toLowerCase() === want && (subject === undefined || m.subject === subject));
}

/** Every stored SMS to this number, oldest first: [{ file, to, text }]. */
export function smsTo(number) {
  return scan(SMS_DIR, '.json', smsCache, (data, name) => ({ file: name, ...JSON.parse(data.toString('utf8')) }),
    (m) => m.to === number);
}

async function poll(what, fn, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * Waits until at least `count` mails to address (with this subject, when
 * given) are stored; returns the count-th one (1-based, oldest first).
 */
export async function waitForMail(address, { subject, count = 1, timeoutMs = 8000 } = {}) {
  const list = await poll(`mail #${count} to ${address}${subject ? ` "${subject}"` : ''}`,
    () => { const l = mailsTo(address, { subject }); return l.length >= count && l; }, timeoutMs);
  return list[count - 1];
}

/** Waits until at least `count` SMS to number are stored; returns the count-th. */
export async function waitForSms(number, { count = 1, timeoutMs = 8000 } = {}) {
  const list = await poll(`SMS #${count} to ${number}`,
    () => { const l = smsTo(number); return l.length >= count && l; }, timeoutMs);
  return list[count - 1];
}

/**
 * Checks that no further mail arrives: waits waitMs (bounded) and returns the
 * mails to address (subject filter optional) stored by then.
 */
export async function mailsAfter(address, { subject, waitMs = 2000 } = {}) {
  await sleep(waitMs);
  return mailsTo(address, { subject });
}

/**
 * The 6-digit code of a message text: the line holding only the code (mail),
 * else the digits after "コード:" / "code:" (SMS).
 */
export function codeIn(text) {
  const line = /^[ \t]*([0-9]{6})[ \t]*$/m.exec(text);
  if (line) return line[1];
  const label = /(?:コード|code)\s*[:：]\s*([0-9]{6})(?![0-9])/i.exec(text);
  if (label) return label[1];
  throw new Error(`no 6-digit code in ${JSON.stringify(text)}`);
}

/** The password reset link of a mail body, as a path (/auth/reset/<token>). */
export function resetLinkIn(body) {
  const m = /(https?:\/\/[^\s/]+)(\/auth\/reset\/[A-Za-z0-9_-]+)/.exec(body);
  if (!m) throw new Error(`no reset link in ${JSON.stringify(body)}`);
  return { url: m[0], origin: m[1], path: m[2] };
}

/**
 * Messages queued for this recipient in the stack's outbox table (X-3), oldest
 * first: [{ id, channel, subject, status, createdAt }]. For messages queued
 * under a moved test clock, which the notifier only sends once the real
 * clock reaches their time.
 */
export function outboxTo(recipient, { subject } = {}) {
  let q = `SELECT id, channel, subject, status, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ') FROM outbox WHERE recipient = ${sqlString(recipient)}`;
  if (subject !== undefined) q += ` AND subject = ${sqlString(subject)}`;
  return dbRows(`${q} ORDER BY id`).map(([id, channel, subj, status, created]) => ({
    id: Number(id), channel, subject: subj, status, createdAt: created,
  }));
}
