// Shared by the threat-report tests: a logged-in customer user and the
// cells of a report table.
import { Client, createUser, decodeEntities } from './http.mjs';

/** A client logged in as a new customer user of the tenant. */
export async function loginCustomer(tenantNo, lang) {
  const user = createUser({ role: 'customer_user', tenant: tenantNo, lang });
  const client = new Client();
  await client.loginOk(user);
  return client;
}

/** Rows of the table with this id: arrays of the cells' texts. */
export function tableRows(html, id) {
  const m = new RegExp(`<table[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</table>`).exec(html);
  if (!m) return null;
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(m[1]);
  return [...(body ? body[1] : '').matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...r[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => decodeEntities(c[1].replace(/<[^>]*>/g, '')).trim()));
}
