// A logged-in session for the scanners: creates a user of the given role
// (customer_admin of tenant N200000001, or an analyst who goes through the
// staff's 2-step setup) and prints the session's cookies as one
// "name=value; name=value" line, then the user's password, urlencoded (for
// the forms that ask for it again: password change, step-up). Environment as for the http tests
// (MM_BASE_URL, MM_CONFIG, MM_ADMIN; NODE_EXTRA_CA_CERTS for the local CA).
//
//   node tools/security/session.mjs customer_admin|analyst
import { Client, createUser } from '../../tests/lib/http.mjs';
import { staffLogin } from '../../tests/lib/staff.mjs';

const role = process.argv[2];
let client;
let password;
if (role === 'analyst') {
  let user;
  ({ client, user } = await staffLogin({ role: 'analyst', name: '診断 担当' }));
  password = user.password;
} else if (role === 'customer_admin') {
  const user = createUser({ role: 'customer_admin', name: '診断 管理者' });
  password = user.password;
  client = new Client();
  const res = await client.login(user.login, user.password);
  if (res.status !== 303 || res.headers.get('location') !== '/') {
    throw new Error(`login of ${user.login}: ${res.status} ${res.headers.get('location')}`);
  }
} else {
  console.error('usage: session.mjs customer_admin|analyst');
  process.exit(2);
}
const home = await client.get('/');
if (home.status !== 200) throw new Error(`GET / with the new session: ${home.status}`);
console.log(client.cookieHeader());
console.log(encodeURIComponent(password));
