// UTM devices and the device API (DASH-5, DASH-6): devices made straight in
// the database for the API tests, alerts, and calls to /ingest/v1/.
import { createHash, randomBytes } from 'node:crypto';
import { BASE, dbRows, sqlString } from './http.mjs';
import { freshTenant } from './cases.mjs';

/** A token in the form the portal issues: mmd_ + base64url(32 bytes). */
export function newToken() {
  return `mmd_${randomBytes(32).toString('base64url')}`;
}

export function sha256Hex(s) {
  return createHash('sha256').update(s).digest('hex');
}

/** A MAC address of the locally administered range, unique enough per test. */
export function randomMac() {
  const b = randomBytes(6);
  b[0] = (b[0] & 0xfc) | 0x02;
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(':').toUpperCase();
}

/** The tenant's contract (created when missing): devices hang on it. */
export function contractOf(tenantNo) {
  const find = () => dbRows(`SELECT c.id FROM contracts c JOIN tenants t ON t.id = c.tenant_id WHERE t.customer_no = ${sqlString(tenantNo)} ORDER BY c.id LIMIT 1`);
  let rows = find();
  if (!rows.length) {
    dbRows(`INSERT INTO contracts (tenant_id, service_name, plan, contract_type, start_date, next_renewal_date, created_at)
      SELECT id, 'テスト', 'スタンダード', '新規', '2026-01-01', '2027-01-01', UTC_TIMESTAMP() FROM tenants WHERE customer_no = ${sqlString(tenantNo)}`);
    rows = find();
  }
  return Number(rows[0][0]);
}

/**
 * A device of the tenant (a fresh tenant when none is given). registered:
 * it gets a token (returned in clear). Returns { id, tenant, token, mac }.
 */
export function makeDevice({ tenant = freshTenant(), registered = true, mac = randomMac(), model = 'UTM-T100' } = {}) {
  const contract = contractOf(tenant.no);
  const token = registered ? newToken() : null;
  const hash = token ? `UNHEX('${sha256Hex(token)}')` : 'NULL';
  dbRows(`INSERT INTO devices (tenant_id, contract_id, status, mac, serial, model, created_at, registered_at, token_hash, token_created_at)
    SELECT id, ${contract}, ${registered ? "'registered'" : "'awaiting_registration'"}, ${sqlString(mac)}, ${sqlString(`SN${randomBytes(4).toString('hex')}`)},
      ${sqlString(model)}, UTC_TIMESTAMP(), ${registered ? 'UTC_TIMESTAMP()' : 'NULL'}, ${hash}, ${registered ? 'UTC_TIMESTAMP()' : 'NULL'}
    FROM tenants WHERE customer_no = ${sqlString(tenant.no)}`);
  const id = Number(dbRows(`SELECT id FROM devices WHERE mac = ${sqlString(mac)} ORDER BY id DESC LIMIT 1`)[0][0]);
  return { id, tenant, token, mac };
}

/** RFC 3339 UTC time offsetMs from now. */
export function at(offsetMs = 0) {
  return new Date(Date.now() + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

let alertSeq = 0;
/** A valid alert; fields override. */
export function alert(fields = {}) {
  alertSeq += 1;
  return {
    id: `t-${process.pid}-${Date.now().toString(36)}-${alertSeq}`,
    detected_at: at(-60_000),
    category: 'Webガード',
    severity: 2,
    source: '192.0.2.10',
    destination: '203.0.113.5',
    url: 'http://malware.example/dl',
    description: '本サービスにおいて有害サイトとして登録されたサイトにアクセスしています。',
    action: '送信元の端末の利用者に対して、アクセス先URLへのアクセスの有無を確認してください。',
    status: 'blocked',
    ...fields,
  };
}

/**
 * Calls the API. body: an object (sent as JSON), a string or a Buffer.
 * Returns { status, headers, text, json }.
 */
export async function api(method, path, { token, body, contentType = 'application/json', headers = {} } = {}) {
  const h = { ...headers };
  if (token !== undefined && token !== null) h.authorization = `Bearer ${token}`;
  let data;
  if (body !== undefined) {
    data = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    if (contentType) h['content-type'] = contentType;
  }
  const res = await fetch(`${BASE}${path}`, { method, headers: h, body: data, redirect: 'manual' });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON: left null for the assertion */ }
  return { status: res.status, headers: res.headers, text, json };
}

export function postAlerts(token, alerts, opts = {}) {
  return api('POST', '/ingest/v1/alerts', { token, body: { alerts }, ...opts });
}

/** Rows the device has in alerts. */
export function alertCount(deviceId) {
  return Number(dbRows(`SELECT COUNT(*) FROM alerts WHERE device_id = ${Number(deviceId)}`)[0][0]);
}

/** alert_daily of the device as { "day|category|severity": n }. */
export function dailyOf(deviceId) {
  const out = {};
  for (const [day, c, s, n] of dbRows(`SELECT day, category, severity, alerts FROM alert_daily WHERE device_id = ${Number(deviceId)}`)) {
    out[`${day}|${c}|${s}`] = Number(n);
  }
  return out;
}

/** The same counts computed from the alert rows (day = Asia/Tokyo date). */
export function dailyFromAlerts(deviceId) {
  const out = {};
  for (const [t, c, s] of dbRows(`SELECT detected_at, category, severity FROM alerts WHERE device_id = ${Number(deviceId)}`)) {
    const day = new Date(Date.parse(`${t.replace(' ', 'T')}Z`) + 9 * 3600_000).toISOString().slice(0, 10);
    const k = `${day}|${c}|${s}`;
    out[k] = (out[k] || 0) + 1;
  }
  return out;
}
