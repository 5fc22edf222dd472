// Write load for the backup test: registers residents through the running server (each one a
// resident row, its history and an audit record in one transaction) until STOP_FILE exists,
// writing the number done so far to COUNT_FILE after every write.
//   LINLI_BASE_URL=http://127.0.0.1:PORT node write_load.mjs COUNT_FILE STOP_FILE
import { existsSync, renameSync, writeFileSync } from 'node:fs';

const [countFile, stopFile] = process.argv.slice(2);
const BASE = process.env.LINLI_BASE_URL;
const COMMUNITY = '321002001002'; // 个园社区居委会

async function call(method, path, token, body) {
  const res = await fetch(BASE + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

// A valid ID number (GB 11643 check character), distinct for n below 60,000.
function idNumber(n) {
  const birth = `19${40 + (Math.floor(n / 1000) % 60)}0${1 + (n % 9)}1${n % 9}`;
  const first17 = `321002${birth}${String(n % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

const login = await fetch(`${BASE}/api/v1/session`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: process.env.LINLI_ADMIN_USER, password: process.env.LINLI_ADMIN_PASSWORD }),
});
const { token } = await login.json();
const grid = await call('POST', '/api/v1/grids', token, {
  community_code: COMMUNITY, name: `备份测试网格${Date.now() % 100000}`, kind: 'ordinary', planned_households: 300, valid_from: '2000-01-01',
});
let done = 0;
for (let n = 0; !existsSync(stopFile); ++n) {
  await call('POST', '/api/v1/residents', token, {
    name: `备份${n}`, id_number: idNumber(n), phone: `139${String(10000000 + n).slice(-8)}`, grid_code: grid.code, status_since: '2020-01-01',
  });
  writeFileSync(`${countFile}.part`, String(++done));
  renameSync(`${countFile}.part`, countFile);
}
console.log(`${done} residents written`);
