// What the portal queued for delivery, read from the stack's outbox table.
//
// A request queues its mails and SMS in the same transaction as the change
// that causes them, so once its response has arrived the outbox is final
// for it: "no further mail was sent" is a count of rows, not a wait.
import assert from 'node:assert/strict';
import { outboxTo, mailsTo, smsTo } from './mail.mjs';

/**
 * Outbox rows for recipient (e-mail address, or phone number for SMS),
 * oldest first: [{ id, channel, subject, status, createdAt }]; subject
 * narrows them to one kind of message.
 */
export function outboxRows(recipient, { subject } = {}) {
  return outboxTo(recipient, { subject });
}

/**
 * Asserts that exactly `count` messages were ever queued for recipient
 * (with this subject, when given) and that the sinks hold no more than
 * that: nothing further was or will be sent. Returns the rows.
 */
export function expectNoNewOutbox(recipient, count, { subject, message } = {}) {
  const rows = outboxRows(recipient, { subject });
  assert.equal(rows.length, count, `${message || 'queued messages'} for ${recipient}: ${JSON.stringify(rows)}`);
  const delivered = mailsTo(recipient, { subject }).length + (subject === undefined ? smsTo(recipient).length : 0);
  assert.ok(delivered <= count, `${delivered} messages delivered to ${recipient}, ${count} queued`);
  return rows;
}
