// The service guide's standard fields (issue 17 item 4): 办理流程 steps that round-trip and are
// versioned with the item, sample forms (样表) uploaded by catalogue managers — checked against
// their bytes — and downloaded by anyone with a Chinese file name, the facility phone, and the
// public route that answers a community's service centre (办理地点, 办公时间, 咨询电话).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, admin, assertError, accountWith, firstCommunity, zipOf, BASE, RUN } from './lib.mjs';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const STEPS = [
  { title: '申请', description: '通过网上办事大厅或社区窗口提交申请。' },
  { title: '受理', description: '' },
  { title: '入户调查', description: '社区工作人员上门核实。' },
  { title: '办结', description: '告知结果。' },
];

function newItem(code, extra = {}) {
  return {
    code, name: '样表测试事项', category: 'social_assistance', responsible_departments: ['县（市、区）民政局'],
    eligible_groups: ['本市户籍居民'], required_materials: ['居民身份证'], legal_basis: '《社会救助暂行办法》',
    fee_fen: 0, promised_working_days: 10, handling_modes: ['appointment', 'home_visit'],
    channels: ['web', 'window'], fully_online: false, steps: STEPS, ...extra,
  };
}

let created;
async function item() {
  if (created) return created;
  const token = await admin();
  const code = `YZ-G${RUN.toUpperCase().replace(/[^A-Z0-9]/g, '')}`.slice(0, 32);
  const res = await call('POST', '/api/v1/service-items', { token, body: newItem(code) });
  assert.equal(res.status, 201, res.text);
  created = code;
  return code;
}

const docx = () => zipOf([
  ['[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'],
  ['word/document.xml', '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'],
]);

function upload(code, token, bytes, type, name) {
  const query = name === undefined ? '' : `?name=${encodeURIComponent(name)}`;
  return call('POST', `/api/v1/service-items/${code}/forms${query}`, { token, raw: bytes, headers: { 'content-type': type } });
}

test('办理流程: steps round-trip, are validated and versioned with the item', async () => {
  const token = await admin();
  const code = await item();
  const guide = await call('GET', `/api/v1/service-items/${code}`);
  assert.equal(guide.status, 200, guide.text);
  assert.deepEqual(guide.json.steps, STEPS);
  assert.equal(guide.json.offers_online_application, true);
  assert.equal(guide.json.offers_appointment, true);
  // A revision with other steps is version 2; version 1 keeps its steps.
  const revised = await call('PUT', `/api/v1/service-items/${code}`, {
    token, body: newItem(code, { steps: [STEPS[0], { title: '审核', description: '街道审核' }, STEPS[3]] }),
  });
  assert.equal(revised.status, 200, revised.text);
  assert.equal(revised.json.version, 2);
  assert.deepEqual(revised.json.steps.map((s) => s.title), ['申请', '审核', '办结']);
  const first = await call('GET', `/api/v1/service-items/${code}?version=1`);
  assert.deepEqual(first.json.steps, STEPS);
  // Validation names the step.
  const bad = (steps) => call('PUT', `/api/v1/service-items/${code}`, { token, body: newItem(code, { steps }) });
  assertError(await bad([{ title: '', description: '' }]), 422, 'validation_failed', 'steps[0].title');
  assertError(await bad([STEPS[0], { title: '受'.repeat(31), description: '' }]), 422, 'validation_failed', 'steps[1].title');
  assertError(await bad([{ title: '申请', description: '字'.repeat(201) }]), 422, 'validation_failed', 'steps[0].description');
  assertError(await bad([STEPS[0], STEPS[0]]), 422, 'validation_failed', 'steps[1].title');
  assertError(await bad(Array.from({ length: 21 }, (_, i) => ({ title: `第${i}步`, description: '' }))), 422, 'validation_failed', 'steps');
  assertError(await bad([{ title: '申\u0007请', description: '' }]), 400, 'invalid_argument', 'steps[0].title');
  assertError(await bad('申请'), 422, 'validation_failed', 'steps');
  const still = await call('GET', `/api/v1/service-items/${code}`);
  assert.equal(still.json.version, 2);
  // The shipped catalogue carries steps; an item without web or mobile offers no 在线申请.
  const shipped = await call('GET', '/api/v1/service-items/YZ-HJ-004');
  assert.equal(shipped.status, 200, shipped.text);
  assert.ok(shipped.json.steps.length >= 3);
  assert.equal(shipped.json.offers_online_application, false);
  assert.equal(shipped.json.offers_appointment, true);
});

test('样表下载: managers upload PDF/DOCX/XLSX checked against the bytes; anyone downloads', async () => {
  const token = await admin();
  const code = await item();
  const worker = await accountWith('community_worker', '321002001002');
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  // Permission: anonymous 401, a community worker 403.
  assertError(await upload(code, undefined, pdf, 'application/pdf', '申请表'), 401, 'unauthenticated');
  assertError(await upload(code, worker.token, pdf, 'application/pdf', '申请表'), 403, 'permission_denied');
  // Bad bytes: a PNG declared as PDF, a bare zip declared as DOCX, a JPEG type, an empty body.
  assertError(await upload(code, token, Buffer.from('\x89PNG\r\n\x1a\n0000', 'latin1'), 'application/pdf', 'x'), 422, 'validation_failed', 'file');
  assertError(await upload(code, token, zipOf([['readme.txt', 'hi']]), DOCX_TYPE, 'x'), 422, 'validation_failed', 'file');
  assertError(await upload(code, token, docx(), XLSX_TYPE, 'x'), 422, 'validation_failed', 'file');
  assertError(await upload(code, token, Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg', 'x'), 422, 'validation_failed', 'content_type');
  assertError(await upload(code, token, Buffer.alloc(0), 'application/pdf', 'x'), 422, 'validation_failed', 'file');
  assertError(await upload(code, token, pdf, 'application/pdf', '../申请表'), 422, 'validation_failed', 'name');
  assertError(await upload('YZ-NONE-999', token, pdf, 'application/pdf', '申请表'), 404, 'not_found');
  // Too large: 413 before the body is read.
  const huge = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
  huge.write('%PDF-1.4');
  const tooLarge = await upload(code, token, huge, 'application/pdf', '大文件');
  assert.equal(tooLarge.status, 413, tooLarge.text);

  const stored = await upload(code, token, pdf, 'application/pdf', '最低生活保障申请表');
  assert.equal(stored.status, 201, stored.text);
  assert.equal(stored.json.name, '最低生活保障申请表.pdf');
  assert.equal(stored.json.content_type, 'application/pdf');
  assert.equal(stored.json.size_bytes, pdf.length);
  assert.equal(stored.json.uploaded_by, undefined);
  const word = await upload(code, token, docx(), `${DOCX_TYPE}; charset=binary`, '家庭经济状况核对授权书.docx');
  assert.equal(word.status, 201, word.text);
  assert.equal(word.json.name, '家庭经济状况核对授权书.docx');
  assert.equal(word.json.content_type, DOCX_TYPE);
  // A real .xlsx (libxlsxwriter's, the facility import template).
  const template = await fetch(`${BASE}/api/v1/facilities/import-template.xlsx`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(template.status, 200);
  const sheet = await upload(code, token, Buffer.from(await template.arrayBuffer()), XLSX_TYPE, '家庭成员收入登记表');
  assert.equal(sheet.status, 201, sheet.text);
  assert.equal(sheet.json.name, '家庭成员收入登记表.xlsx');

  // Public list, in the guide and on its own, in upload order.
  const list = await call('GET', `/api/v1/service-items/${code}/forms`);
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.items.map((f) => f.name), ['最低生活保障申请表.pdf', '家庭经济状况核对授权书.docx', '家庭成员收入登记表.xlsx']);
  const guide = await call('GET', `/api/v1/service-items/${code}`);
  assert.deepEqual(guide.json.sample_forms.map((f) => f.id), list.json.items.map((f) => f.id));
  assertError(await call('GET', '/api/v1/service-items/YZ-NONE-999/forms'), 404, 'not_found');

  // Download without signing in: the bytes, the type, the Chinese name per RFC 5987.
  const download = await fetch(`${BASE}${stored.json.download_url}`);
  assert.equal(download.status, 200);
  assert.equal(download.headers.get('content-type'), 'application/pdf');
  const disposition = download.headers.get('content-disposition');
  assert.match(disposition, /^attachment; filename="sample-form-\d+\.pdf"; filename\*=UTF-8''/);
  assert.equal(decodeURIComponent(disposition.split("UTF-8''")[1]), '最低生活保障申请表.pdf');
  assert.deepEqual(Buffer.from(await download.arrayBuffer()), pdf);
  const wordDownload = await fetch(`${BASE}/api/v1/service-items/${code}/forms/${word.json.id}`);
  assert.equal(wordDownload.headers.get('content-type'), DOCX_TYPE);
  await wordDownload.arrayBuffer();
  // A form is found only under its own item.
  assertError(await call('GET', `/api/v1/service-items/YZ-SJ-001/forms/${stored.json.id}`), 404, 'not_found');

  // Delete: managers only; then gone from the list and the download.
  assertError(await call('DELETE', `/api/v1/service-items/${code}/forms/${stored.json.id}`), 401, 'unauthenticated');
  assertError(await call('DELETE', `/api/v1/service-items/${code}/forms/${stored.json.id}`, { token: worker.token }), 403, 'permission_denied');
  const deleted = await call('DELETE', `/api/v1/service-items/${code}/forms/${stored.json.id}`, { token });
  assert.equal(deleted.status, 204, deleted.text);
  assertError(await call('DELETE', `/api/v1/service-items/${code}/forms/${stored.json.id}`, { token }), 404, 'not_found');
  assertError(await call('GET', `/api/v1/service-items/${code}/forms/${stored.json.id}`), 404, 'not_found');
  const after = await call('GET', `/api/v1/service-items/${code}/forms`);
  assert.deepEqual(after.json.items.map((f) => f.name), ['家庭经济状况核对授权书.docx', '家庭成员收入登记表.xlsx']);
  // At most 10 forms per item.
  for (let i = after.json.items.length; i < 10; i++) {
    const more = await upload(code, token, pdf, 'application/pdf', `样表${i}`);
    assert.equal(more.status, 201, more.text);
  }
  assertError(await upload(code, token, pdf, 'application/pdf', '第十一份'), 409, 'failed_precondition');
  for (const f of (await call('GET', `/api/v1/service-items/${code}/forms`)).json.items.slice(2)) {
    assert.equal((await call('DELETE', `/api/v1/service-items/${code}/forms/${f.id}`, { token })).status, 204);
  }
  // Forms belong to the code: a revision keeps them.
  const revised = await call('PUT', `/api/v1/service-items/${code}`, { token, body: newItem(code, { name: '样表测试事项（再修订）' }) });
  assert.equal(revised.status, 200, revised.text);
  const kept = await call('GET', `/api/v1/service-items/${code}`);
  assert.equal(kept.json.sample_forms.length, 2);
});

test('咨询电话 on facilities and the public service-centre route', async () => {
  const token = await admin();
  // Communities no other suite gives facilities: one gets a centre, one stays without.
  const withCentre = await firstCommunity('321081103');
  const without = await firstCommunity('321023101');
  const lat = 32.27 + Math.random() * 0.01;
  const lon = 119.18 + Math.random() * 0.01;
  const base = { community_code: withCentre, type: 'party_service_center', name: `党群服务中心${RUN}`, address: `真州路${RUN}号`, lat, lon, floor_area: 800, service_area: 600, opening_hours: '周一至周五 08:30-17:30' };
  assertError(await call('POST', '/api/v1/facilities', { token, body: { ...base, phone: '12345' } }), 422, 'validation_failed', 'phone');
  const centre = await call('POST', '/api/v1/facilities', { token, body: { ...base, phone: '(0514) 8765 4321' } });
  assert.equal(centre.status, 201, centre.text);
  assert.equal(centre.json.phone, '0514-87654321');
  const changed = await call('PATCH', `/api/v1/facilities/${centre.json.id}`, { token, body: { phone: '+86 138 1234 5678' } });
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.json.phone, '13812345678');
  assertError(await call('PATCH', `/api/v1/facilities/${centre.json.id}`, { token, body: { phone: '电话' } }), 422, 'validation_failed', 'phone');
  // A smaller centre and a larger planned one do not displace it (open first, then largest).
  const small = await call('POST', '/api/v1/facilities', { token, body: { ...base, name: `小中心${RUN}`, floor_area: 100, service_area: 80, phone: '0514-80000000' } });
  assert.equal(small.status, 201, small.text);

  // The public answer is the main centre by the documented rule over what is registered.
  const registered = await call('GET', `/api/v1/facilities?division=${withCentre}&type=party_service_center&limit=200`, { token });
  assert.equal(registered.status, 200, registered.text);
  const rank = (f) => (f.status === 'open' ? 0 : 1);
  const expected = registered.json.items.filter((f) => f.status !== 'closed')
    .sort((a, b) => rank(a) - rank(b) || b.floor_area - a.floor_area || a.id - b.id)[0];
  const answer = await call('GET', `/api/v1/communities/${withCentre}/service-centre`);
  assert.equal(answer.status, 200, answer.text);
  assert.equal(answer.json.facility_id, expected.id);
  assert.equal(answer.json.community_code, withCentre);
  for (const key of ['name', 'address', 'opening_hours', 'phone']) assert.equal(answer.json[key], expected[key], key);
  assert.equal(answer.json.operator, undefined);
  assert.equal(answer.json.capacity, undefined);
  // This run's centre is the answer unless an earlier run left a larger one.
  if (expected.id === centre.json.id) {
    assert.equal(answer.json.phone, '13812345678');
    assert.equal(answer.json.opening_hours, '周一至周五 08:30-17:30');
  }
  assertError(await call('GET', `/api/v1/communities/${without}/service-centre`), 404, 'not_found');
  assertError(await call('GET', '/api/v1/communities/32108/service-centre'), 422, 'validation_failed', 'community_code');
  // Closing the centres leaves the community without one.
  for (const f of registered.json.items.filter((x) => x.status !== 'closed')) {
    const closed = await call('PATCH', `/api/v1/facilities/${f.id}`, { token, body: { status: 'closed' } });
    assert.equal(closed.status, 200, closed.text);
  }
  assertError(await call('GET', `/api/v1/communities/${withCentre}/service-centre`), 404, 'not_found');  // The import template's optional 咨询电话 column: refused in its cell, or stored normalised.
  const header = '设施名称,设施类型,社区代码,地址,纬度,经度,建筑面积,服务活动面积,开放时间,咨询电话';
  const row = (name, phone) => `${name},党群服务中心,${withCentre},导入路1号,${lat},${lon},50,40,08:30-17:30,${phone}`;
  const rejected = await call('POST', '/api/v1/facilities/import', { token, raw: `${header}\n${row(`导入中心${RUN}`, '12345')}\n`, headers: { 'content-type': 'text/csv' } });
  assertError(rejected, 422, 'validation_failed');
  assert.deepEqual(rejected.json.report.map((p) => [p.row, p.column, p.cell]), [[2, '咨询电话', 'J2']]);
  const imported = await call('POST', '/api/v1/facilities/import', { token, raw: `${header}\n${row(`导入中心${RUN}`, '0514 8888 6666')}\n`, headers: { 'content-type': 'text/csv' } });
  assert.equal(imported.status, 200, imported.text);
  const found = await call('GET', `/api/v1/facilities?division=${withCentre}&q=${encodeURIComponent(`导入中心${RUN}`)}`, { token });
  assert.equal(found.json.items[0].phone, '0514-88886666');
  // Imported open, it is the community's centre again.
  const again = await call('GET', `/api/v1/communities/${withCentre}/service-centre`);
  assert.equal(again.json.phone, '0514-88886666');
});

test('the public place picker: names of the city down to communities, nothing else', async () => {
  const city = await call('GET', '/api/v1/places/3210');
  assert.equal(city.status, 200, city.text);
  assert.equal(city.json.level, 'city');
  assert.ok(city.json.children.some((c) => c.code === '321002' && c.name === '广陵区'));
  const town = await call('GET', '/api/v1/places/321002001');
  assert.equal(town.status, 200, town.text);
  const community = town.json.children.find((c) => c.code === '321002001002');
  assert.equal(community.level, 'community');
  assert.equal(community.counts, undefined);
  const leaf = await call('GET', '/api/v1/places/321002001002');
  assert.equal(leaf.status, 200, leaf.text);
  assert.deepEqual(leaf.json.children, []);
  assert.equal(leaf.json.grids, undefined);
  assert.equal(leaf.json.counts, undefined);
  // Another city, a grid code, a malformed code.
  assertError(await call('GET', '/api/v1/places/3201'), 404, 'not_found');
  assertError(await call('GET', '/api/v1/places/321002001002001'), 404, 'not_found');
  const bad = await call('GET', '/api/v1/places/3210x');
  assert.ok([400, 404].includes(bad.status), bad.text);
});
