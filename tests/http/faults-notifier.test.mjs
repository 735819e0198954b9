// The notifier killed mid-batch (X-3, §12): customers of a private stack
// open and comment on cases, which queues mail to the analyst team in the
// outbox; the notifier delivers it to a slow SMTP sink and is killed with
// SIGKILL twice while it sends. The design gives at-least-once delivery: a
// row claimed by a killed notifier is sent again once its lease is over,
// with the same Message-ID (derived from the row), so a receiver can drop
// the copy. Nothing is lost: every outbox row ends up sent and arrived
// under its own Message-ID; a Message-ID that arrived twice is the same
// message twice.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTemp, programPath, rmTemp } from '../lib/fcgi.mjs';
import { ROOT } from '../lib/nginx.mjs';
import { demoLogin, privateStack } from '../lib/stack.mjs';
import { caseLoad } from '../lib/load.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(cond, ms, what) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function spawnLogged(cmd, args, logFile) {
  const fd = fs.openSync(logFile, 'a');
  const child = spawn(cmd, args, { stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  child.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return child;
}

/** Header fields of a stored message (first occurrence, unfolded). */
function headersOf(file) {
  const text = fs.readFileSync(file, 'latin1');
  const head = text.slice(0, text.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
  const h = {};
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    const name = line.slice(0, i).toLowerCase();
    if (!(name in h)) h[name] = line.slice(i + 1).trim();
  }
  return h;
}

test('notifier killed mid-batch: every outbox mail arrives, a repeat carries the same Message-ID', { timeout: 300000 }, async (t) => {
  const work = makeTemp('mm-notifier-kill-');
  const mailDir = path.join(work, 'mail');
  fs.mkdirSync(mailDir);
  const portFile = path.join(work, 'smtp.port');
  // a slow relay: each message waits 150 ms before MAIL FROM is answered
  const sink = spawnLogged('/usr/bin/python3', [path.join(ROOT, 'tools/dev/smtp-sink.py'), '--dir', mailDir,
    '--port', '0', '--port-file', portFile, '--delay-ms', '150'], path.join(work, 'sink.log'));
  let st = null;
  const notifiers = [];
  try {
    await until(() => fs.existsSync(portFile) && fs.readFileSync(portFile, 'utf8').trim(), 20000, 'the SMTP sink');
    const port = fs.readFileSync(portFile, 'utf8').trim();
    st = await privateStack({
      programs: ['auth', 'cases'],
      config: {
        'Mail.Smtp.Url': `smtp://127.0.0.1:${port}`, 'Mail.Smtp.StartTls': 'off',
        'Notifier.PollMs': 50, 'Notifier.LeaseSeconds': 5,
      },
    });
    // customers' cases and comments: mail to the team address
    const ops = [];
    const load = { stop: false };
    const loops = Promise.all([
      caseLoad(st, await demoLogin(st, 'admin-a@example.com'), ops, load, 'n1'),
      caseLoad(st, await demoLogin(st, 'admin-b@example.com'), ops, load, 'n2'),
    ]);
    await until(() => ops.filter((o) => o.kind === 'comment' && o.doneAt).length >= 12, 120000, 'cases and comments');
    load.stop = true;
    await loops;
    assert.deepEqual(ops.filter((o) => o.error).map((o) => o.error), []);
    const outbox = st.sql("SELECT id, recipient FROM outbox WHERE channel = 'mail'");
    assert.ok(outbox.length >= 24, `mail queued: ${outbox.length}`);
    const delivered = () => fs.readdirSync(mailDir).filter((f) => f.endsWith('.eml'));

    const start = () => {
      const n = notifiers.length;
      const child = spawnLogged(programPath('notifier'), ['--config', st.config, '--pidfile', path.join(work, `notifier${n}.pid`)],
        path.join(work, 'notifier.log'));
      notifiers.push(child);
      return child;
    };
    let claimedAtKill = 0;
    for (const atLeast of [3, 10]) {
      const n = start();
      await until(() => delivered().length >= atLeast, 60000, `${atLeast} deliveries`);
      n.kill('SIGKILL');
      assert.equal((await n.exited).signal, 'SIGKILL');
      claimedAtKill += Number(st.sql("SELECT COUNT(*) FROM outbox WHERE status = 'sending'")[0][0]);
    }
    assert.ok(claimedAtKill > 0, 'the kills left claimed rows behind');
    const last = start();
    await until(() => st.sql("SELECT COUNT(*) FROM outbox WHERE status <> 'sent'")[0][0] === '0', 120000, 'every row sent');
    last.kill('SIGTERM');
    assert.deepEqual(await last.exited, { code: 0, signal: null }, fs.readFileSync(path.join(work, 'notifier.log'), 'utf8').slice(-2000));

    const byId = new Map();
    for (const f of delivered()) {
      const h = headersOf(path.join(mailDir, f));
      assert.ok(h['message-id'], `${f} has a Message-ID`);
      if (!byId.has(h['message-id'])) byId.set(h['message-id'], []);
      byId.get(h['message-id']).push(h);
    }
    assert.equal(byId.size, outbox.length, 'one Message-ID per outbox row: nothing lost');
    const repeats = [...byId.values()].filter((l) => l.length > 1);
    for (const l of repeats) {
      for (const h of l) assert.deepEqual([h.to, h.subject], [l[0].to, l[0].subject], 'a repeat is the same message');
    }
    // each kill can only repeat what it held claimed
    assert.ok(repeats.length <= claimedAtKill, `${repeats.length} repeats, ${claimedAtKill} claimed at the kills`);
    const sentTo = [...byId.values()].map((l) => l[0].to.replace(/^.*<([^>]+)>.*$/, '$1')).sort();
    assert.deepEqual(sentTo, outbox.map((r) => r[1]).sort(), 'the recipients of the outbox');
    t.diagnostic(`${outbox.length} mails, ${delivered().length} deliveries, ${repeats.length} repeated, ${claimedAtKill} claimed at the kills`);
  } finally {
    for (const n of notifiers) if (n.exitCode === null && n.signalCode === null) { n.kill('SIGKILL'); await n.exited; }
    if (st) {
      const exits = await st.stop();
      for (const [name, r] of Object.entries(exits)) assert.deepEqual(r, { code: 0, signal: null }, `${name} exit`);
    }
    sink.kill('SIGTERM');
    await sink.exited;
    rmTemp(work);
  }
});
