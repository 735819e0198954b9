// UTM devices and alerts written straight into the stack's database, the
// way the ingestion API stores them: each batch of alerts and the matching
// alert_daily counts (day = the Asia/Tokyo date of detected_at) and the
// day's alert_day_gen in one transaction, so the dashboard's counts always
// match the alerts.
import { execFileSync } from 'node:child_process';
import { dbRows, dbConfig, sqlString } from './http.mjs';
import { freshTenant } from './cases.mjs';

/** A fresh tenant with one contract: { no, name, id, contractId }. */
export function tenantWithContract(name = 'アラート株式会社') {
  const t = freshTenant(name);
  const [[id]] = dbRows(`SELECT id FROM tenants WHERE customer_no = ${sqlString(t.no)}`);
  const [[contractId]] = dbRows(`INSERT INTO contracts (tenant_id, service_name, plan, contract_type,
      start_date, next_renewal_date, created_at)
    VALUES (${id}, 'サイバーセキュリティ監視', 'スタンダード', 'annual', '2026-01-01', '2027-01-01', UTC_TIMESTAMP());
    SELECT LAST_INSERT_ID();`);
  return { ...t, id: Number(id), contractId: Number(contractId) };
}

let macSeq = 0;
/** A random MAC address (locally administered). */
export function randomMac() {
  macSeq += 1;
  const b = [0x02, (process.pid >> 8) & 0xff, process.pid & 0xff, macSeq & 0xff,
    Math.floor(Math.random() * 256), Math.floor(Math.random() * 256)];
  return b.map((x) => x.toString(16).padStart(2, '0')).join(':').toUpperCase();
}

/** A device of the tenant; status 'registered' or 'awaiting_registration'. */
export function addDevice(tenant, { status = 'registered', name = 'UTM-本社', mac = randomMac(), serial = `SN${Date.now() % 1e8}` } = {}) {
  const [[id]] = dbRows(`INSERT INTO devices (tenant_id, contract_id, status, mac, serial, model, name, created_at, registered_at)
    VALUES (${tenant.id}, ${tenant.contractId}, ${sqlString(status)}, ${sqlString(mac)}, ${sqlString(serial)}, 'UTM-100',
      ${sqlString(name)}, UTC_TIMESTAMP(), ${status === 'registered' ? 'UTC_TIMESTAMP()' : 'NULL'});
    SELECT LAST_INSERT_ID();`);
  return { id: Number(id), mac, name, serial };
}

/** "YYYY-MM-DD HH:MM:SS" (UTC) of a Date. */
export function sqlTime(d) {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

/** The Asia/Tokyo date of a Date (Japan has no DST). */
export function tokyoDay(d) {
  return new Date(d.getTime() + 9 * 3600 * 1000).toISOString().slice(0, 10);
}

/** Like dbRows, with the statements on stdin (a batch can exceed the
 * command line's limit). */
function sqlStdin(sqlText) {
  const { socket, name } = dbConfig();
  const out = execFileSync('mariadb', ['--no-defaults', '--default-character-set=utf8mb4', `--socket=${socket}`,
    '-uroot', '--batch', '--raw', '--skip-column-names', name], { input: sqlText, encoding: 'utf8', maxBuffer: 64 << 20 });
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

let alertSeq = 0;
/**
 * Inserts alerts of one device and their daily counts in one transaction.
 * Each alert: { detected (Date, default now), severity (1-3), category,
 * source, destination, url, description, action, status, received (Date,
 * default detected) }. Returns the new alert ids in order.
 */
export function addAlerts(tenant, device, alerts) {
  const rows = [];
  const daily = new Map();
  for (const a of alerts) {
    alertSeq += 1;
    const detected = a.detected || new Date();
    const received = a.received || detected;
    const severity = a.severity ?? 2;
    const category = a.category || 'Webガード';
    const devId = a.deviceAlertId ?? `t${process.pid}-${Date.now()}-${alertSeq}-${Math.random().toString(36).slice(2, 8)}`;
    rows.push(`(${tenant.id}, ${device.id}, ${sqlString(devId)}, ${sqlString(sqlTime(detected))}, ${sqlString(sqlTime(received))},
      ${sqlString(category)}, ${severity}, ${sqlString(a.source ?? '192.168.1.10')}, ${sqlString(a.destination ?? '203.0.113.5')},
      ${sqlString(a.url ?? 'http://malware.example/')}, ${sqlString(a.description ?? '本サービスにおいて有害サイトとして登録されたサイトにアクセスしています。')},
      ${sqlString(a.action ?? '送信元の端末の利用者に対して、アクセス先URLへのアクセスの有無を確認してください。')}, ${sqlString(a.status ?? 'blocked')})`);
    const key = [tokyoDay(detected), category, severity].join('\t');
    daily.set(key, (daily.get(key) || 0) + 1);
  }
  const dailySql = [...daily].map(([k, n]) => {
    const [day, category, severity] = k.split('\t');
    return `INSERT INTO alert_daily (tenant_id, day, device_id, category, severity, alerts)
      VALUES (${tenant.id}, ${sqlString(day)}, ${device.id}, ${sqlString(category)}, ${severity}, ${n})
      ON DUPLICATE KEY UPDATE alerts = alerts + VALUES(alerts);
    INSERT INTO alert_day_gen (tenant_id, day, gen) VALUES (${tenant.id}, ${sqlString(day)}, 1)
      ON DUPLICATE KEY UPDATE gen = gen + 1;`;
  }).join('\n');
  // as the ingestion does: the alert-mail job finds the device by it
  const latestReceived = sqlString(sqlTime(new Date(Math.max(...alerts.map((a) => (a.received || a.detected || new Date()).getTime())))));
  const out = sqlStdin(`START TRANSACTION;
    INSERT INTO alerts (tenant_id, device_id, device_alert_id, detected_at, received_at, category, severity,
      source, destination, url, description, action, status) VALUES ${rows.join(',\n')};
    SELECT LAST_INSERT_ID(), ROW_COUNT();
    ${dailySql}
    UPDATE devices SET alerts_gen = alerts_gen + 1,
      alerts_received_at = GREATEST(COALESCE(alerts_received_at, ${latestReceived}), ${latestReceived})
      WHERE id = ${device.id};
    COMMIT;`);
  // one multi-row INSERT gets consecutive ids (innodb_autoinc_lock_mode < 2)
  // but the ids are read back to be safe
  const [first, count] = out[0].map(Number);
  if (count !== alerts.length) throw new Error(`inserted ${count} of ${alerts.length} alerts`);
  const ids = dbRows(`SELECT id FROM alerts WHERE tenant_id = ${tenant.id} AND id >= ${first} ORDER BY id LIMIT ${alerts.length}`)
    .map((r) => Number(r[0]));
  return ids;
}
