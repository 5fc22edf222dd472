// Reports an event as a new resident account and uploads a photo to it, through a running
// server; prints the photo's stored path relative to uploads_dir (events/<id>/<name>.png).
//   LINLI_BASE_URL=… LINLI_ADMIN_USER=… LINLI_ADMIN_PASSWORD=… node photo_upload.mjs
const BASE = process.env.LINLI_BASE_URL;
const COMMUNITY = '321002001002';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

async function call(method, path, { token, body, raw, type } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined || raw !== undefined) headers['content-type'] = type ?? 'application/json';
  const res = await fetch(BASE + path, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

const login = (username, password) => call('POST', '/api/v1/session', { body: { username, password } });
const admin = (await login(process.env.LINLI_ADMIN_USER, process.env.LINLI_ADMIN_PASSWORD)).token;
const password = 'Resident-photo-2026';
await call('POST', '/api/v1/accounts', {
  token: admin,
  body: { username: 'photoresident', display_name: '照片测试', password, grants: [{ role: 'resident', scope_code: COMMUNITY }] },
});
const resident = (await login('photoresident', password)).token;
const event = await call('POST', '/api/v1/events', {
  token: resident, body: { category: 'environment.garbage', description: '垃圾堆放（安装测试）', place_code: COMMUNITY },
});
const photo = await call('POST', `/api/v1/events/${event.id}/photos`, { token: resident, raw: PNG, type: 'image/png' });
console.log(JSON.stringify({ event: event.id, photo }));
