// Public numbers of alerts, devices, attachments and users, as the portal
// shows them (fcgi/core/mm_pubid.c): a 4-round Feistel network over 48 bits
// whose round function is AES-128 keyed per kind with
// HMAC-SHA256(Secrets.Key, "pubid:<kind>"), written in decimal.
import { createCipheriv, createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG } from './http.mjs';

const MASK24 = 0xffffff;

/** Secrets.Key (hex) of a configuration file or of a file it includes. */
function secretsKey(file = CONFIG, depth = 0) {
  const text = fs.readFileSync(file, 'utf8');
  let hex = null;
  for (const line of text.split('\n')) {
    const m = /^\s*Secrets\.Key\s*=\s*([0-9a-fA-F]+)\s*$/.exec(line);
    if (m) hex = m[1];
    const inc = /^\s*#include\s+"([^"]+)"/.exec(line);
    if (inc && depth < 4) {
      const found = secretsKey(path.resolve(path.dirname(file), inc[1]), depth + 1);
      if (found) hex = found;
    }
  }
  return hex;
}

let serverKey;
function roundKey(kind, key) {
  if (!key) {
    if (!serverKey) {
      const hex = secretsKey();
      if (!hex) throw new Error(`no Secrets.Key in ${CONFIG}`);
      serverKey = Buffer.from(hex, 'hex');
    }
    key = serverKey;
  }
  return createHmac('sha256', key).update(`pubid:${kind}`).digest().subarray(0, 16);
}

function round(aesKey, i, half) {
  const block = Buffer.alloc(16);
  block[0] = i;
  block[1] = (half >> 16) & 0xff;
  block[2] = (half >> 8) & 0xff;
  block[3] = half & 0xff;
  const c = createCipheriv('aes-128-ecb', aesKey, null);
  c.setAutoPadding(false);
  const out = c.update(block);
  return (out[0] << 16) | (out[1] << 8) | out[2];
}

/**
 * The public number (a decimal string) of a database id; kind is 'alert',
 * 'device', 'attachment' or 'user'; key (a Buffer) defaults to the stack's
 * Secrets.Key.
 */
export function pubid(kind, id, key) {
  const aesKey = roundKey(kind, key);
  const n = BigInt(id);
  let left = Number((n >> 24n) & 0xffffffn), right = Number(n & 0xffffffn);
  for (let i = 0; i < 4; i++) {
    const next = (left ^ round(aesKey, i, right)) & MASK24;
    left = right;
    right = next;
  }
  return ((BigInt(left) << 24n) | BigInt(right)).toString();
}

/** The database id of a public number (the inverse of pubid). */
export function idOfPubid(kind, text, key) {
  const aesKey = roundKey(kind, key);
  const n = BigInt(text);
  let left = Number((n >> 24n) & 0xffffffn), right = Number(n & 0xffffffn);
  for (let i = 3; i >= 0; i--) {
    const prev = (right ^ round(aesKey, i, left)) & MASK24;
    right = left;
    left = prev;
  }
  return Number((BigInt(left) << 24n) | BigInt(right));
}
