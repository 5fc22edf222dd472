// Care visits (issue 19 item 2) on the real server: the grid worker takes photos on a visit
// (JPEG or PNG by their bytes, only once recorded, at most six, every read audited, nothing to
// see from another community), and a need found is handed on in one step — reported as an event of
// the need's place or filed as a service request for the person — once, with the record it became.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { call, admin, accountWith, assertError, BASE, RUN } from './lib.mjs';

const COUNTY = '321023'; // 宝应县
const MONTH = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a464946', 'hex'), Buffer.from(`厨房照片${RUN}`)]);
let token;
let community;
let otherCommunity;
let grid;
let elder;
let worker;
let gridWorker;
let stranger;

let idSequence = Math.floor(Math.random() * 900);
function idNumber(birth) {
  idSequence = (idSequence + 1) % 1000;
  const first17 = `321023${birth}${String(idSequence).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

async function photo(visitId, bytes, who, type = 'image/png') {
  return call('POST', `/api/v1/care/visits/${visitId}/photos`, { token: who.token, raw: bytes, headers: { 'content-type': type } });
}

async function bytesOf(url, who) {
  const res = await fetch(BASE + url, { headers: { authorization: `Bearer ${who.token}` } });
  return { status: res.status, type: res.headers.get('content-type'), cache: res.headers.get('cache-control'), bytes: Buffer.from(await res.arrayBuffer()) };
}

before(async () => {
  token = await admin();
  const county = await call('GET', `/api/v1/divisions/${COUNTY}`, { token });
  const town = await call('GET', `/api/v1/divisions/${county.json.children[0].code}`, { token });
  community = town.json.children[0].code;
  otherCommunity = town.json.children[1].code;
  const made = await call('POST', '/api/v1/grids', { token, body: { community_code: community, name: `走访照片网格${RUN}`, kind: 'ordinary', planned_households: 100, valid_from: '2000-01-01' } });
  assert.equal(made.status, 201, made.text);
  grid = made.json.code;
  const person = await call('POST', '/api/v1/residents', { token, body: { name: `走访老人${RUN}`.slice(0, 20), id_number: idNumber('19360204'), ethnicity: '汉族', status: 'registered_resident', status_since: '2010-01-01', grid_code: grid } });
  assert.equal(person.status, 201, person.text);
  elder = person.json;
  worker = await accountWith('community_worker', community);
  gridWorker = await accountWith('grid_worker', grid);
  stranger = await accountWith('community_worker', otherCommunity);
  const archive = await call('POST', '/api/v1/care/archives', { token: worker.token, body: { resident_id: elder.id, category: 'elderly_special_difficulty', fields: { reason: '高龄独居' } } });
  assert.equal(archive.status, 201, archive.text);
  execFileSync(process.env.LINLI_BIN, ['--db', process.env.LINLI_DB_URL, 'care', 'plan-visits', '--month', MONTH], { encoding: 'utf8' });
});

test('photos of a visit: checked, only once recorded, at most six, every read audited', async () => {
  const mine = await call('GET', `/api/v1/care/visits?mine=true&month=${MONTH}`, { token: gridWorker.token });
  assert.equal(mine.status, 200, mine.text);
  const visit = mine.json.items.find((v) => v.resident_id === elder.id);
  assert.ok(visit, mine.text);

  assertError(await photo(visit.id, PNG, gridWorker), 409, 'failed_precondition');
  const recorded = await call('POST', `/api/v1/care/visits/${visit.id}/record`, { token: gridWorker.token, body: { mode: 'in_person', note: '燃气灶老化', needs: [{ what: `更换燃气灶${RUN}`, urgency: 'urgent' }, { what: `申请助餐${RUN}`, urgency: 'normal' }] } });
  assert.equal(recorded.status, 200, recorded.text);

  assertError(await photo(visit.id, Buffer.from('GIF89a not a photo'), gridWorker, 'image/gif'), 422, 'validation_failed', 'file');
  assertError(await photo(visit.id, Buffer.alloc(0), gridWorker), 400, 'invalid_argument', 'file');
  // Someone of another community does not reach the visit.
  assertError(await photo(visit.id, PNG, stranger), 404, 'not_found');
  const first = await photo(visit.id, JPEG, gridWorker, 'image/jpeg');
  assert.equal(first.status, 201, first.text);
  assert.equal(first.json.content_type, 'image/jpeg');
  assert.equal(first.json.byte_size, JPEG.length);
  assert.match(first.json.url, new RegExp(`^/api/v1/care/visits/${visit.id}/photos/\\d+$`));
  for (let i = 1; i < 6; i++) assert.equal((await photo(visit.id, PNG, gridWorker)).status, 201);
  assertError(await photo(visit.id, PNG, gridWorker), 409, 'failed_precondition');

  const detail = await call('GET', `/api/v1/care/visits/${visit.id}`, { token: worker.token });
  assert.equal(detail.status, 200, detail.text);
  assert.equal(detail.json.status, 'done');
  assert.equal(detail.json.photos.length, 6);
  assert.deepEqual(detail.json.needs.map((n) => n.what).sort(), [`更换燃气灶${RUN}`, `申请助餐${RUN}`].sort());
  assertError(await call('GET', `/api/v1/care/visits/${visit.id}`, { token: stranger.token }), 404, 'not_found');

  const read = await bytesOf(first.json.url, worker);
  assert.equal(read.status, 200);
  assert.equal(read.type, 'image/jpeg');
  assert.equal(read.cache, 'private, no-store');
  assert.ok(read.bytes.equals(JPEG), 'the bytes stored are the bytes sent');
  assert.equal((await bytesOf(first.json.url, stranger)).status, 404);
  assert.equal((await bytesOf(`/api/v1/care/visits/${visit.id}/photos/999999999`, worker)).status, 404);
  const audit = await call('GET', `/api/v1/audit?subject_type=care_visit&actor=${worker.id}&limit=50`, { token });
  assert.equal(audit.status, 200, audit.text);
  const reads = audit.json.items.filter((e) => e.action === 'read' && e.subject_id === String(visit.id));
  assert.equal(reads.length, 1, audit.text);
  assert.ok(JSON.stringify(reads[0].detail).includes(String(first.json.id)), audit.text);
});

test('a need is handed on in one step: an event, or a service request for the person', async () => {
  const needs = await call('GET', `/api/v1/care/needs?place=${community}&status=open`, { token: worker.token });
  assert.equal(needs.status, 200, needs.text);
  const stove = needs.json.items.find((n) => n.what === `更换燃气灶${RUN}`);
  const meals = needs.json.items.find((n) => n.what === `申请助餐${RUN}`);
  assert.ok(stove && meals, needs.text);
  assert.equal(stove.event_id, null);

  // Bad input changes nothing.
  assertError(await call('POST', `/api/v1/care/needs/${stove.id}/refer`, { token: gridWorker.token, body: { to: 'fax', code: 'x' } }), 422, 'validation_failed', 'to');
  assertError(await call('POST', `/api/v1/care/needs/${stove.id}/refer`, { token: gridWorker.token, body: { to: 'event', code: '' } }), 422, 'validation_failed', 'code');
  const unknown = await call('POST', `/api/v1/care/needs/${stove.id}/refer`, { token: gridWorker.token, body: { to: 'event', code: 'no.such.category' } });
  assert.equal(unknown.status, 422, unknown.text);
  assertError(await call('POST', `/api/v1/care/needs/${stove.id}/refer`, { token: stranger.token, body: { to: 'event', code: 'public_safety.gas' } }), 404, 'not_found');
  const still = await call('GET', `/api/v1/care/needs?place=${community}&status=open`, { token: worker.token });
  assert.ok(still.json.items.some((n) => n.id === stove.id && n.event_id === null), 'a refused hand-over changes nothing');

  const categories = await call('GET', '/api/v1/event-categories', { token: gridWorker.token });
  assert.equal(categories.status, 200, categories.text);
  const category = categories.json.items.find((c) => c.code.includes('.'))?.code;
  assert.ok(category, categories.text);
  const referred = await call('POST', `/api/v1/care/needs/${stove.id}/refer`, { token: gridWorker.token, body: { to: 'event', code: category } });
  assert.equal(referred.status, 200, referred.text);
  assert.equal(referred.json.status, 'assigned');
  assert.ok(referred.json.event_id > 0);
  const event = await call('GET', `/api/v1/events/${referred.json.event_id}`, { token: gridWorker.token });
  assert.equal(event.status, 200, event.text);
  assert.ok(event.json.description.startsWith(`更换燃气灶${RUN}`), event.text);
  assert.ok(event.json.description.includes(`需求 #${stove.id}`), event.text);
  assert.equal(event.json.urgency, 'urgent');
  assert.equal(event.json.place_code, grid);
  assertError(await call('POST', `/api/v1/care/needs/${stove.id}/refer`, { token: gridWorker.token, body: { to: 'event', code: category } }), 409, 'failed_precondition');

  const filed = await call('POST', `/api/v1/care/needs/${meals.id}/refer`, { token: worker.token, body: { to: 'service_request', code: 'YZ-YL-004', handling_mode: 'entrusted' } });
  assert.equal(filed.status, 200, filed.text);
  assert.ok(filed.json.request_id > 0);
  assert.equal(filed.json.event_id, null);
  const request = await call('GET', `/api/v1/service-requests/${filed.json.request_id}`, { token: worker.token });
  assert.equal(request.status, 200, request.text);
  assert.equal(request.json.applicant_id, elder.id);
  assert.equal(request.json.channel, 'window');
  assert.ok(request.json.note.includes(`申请助餐${RUN}`), request.text);

  // The request is done at the window: the job care.referrals closes the need with its outcome;
  // the need handed on as an event still being handled stays 处理中.
  for (const action of ['accept', 'start']) {
    const moved = await call('POST', `/api/v1/service-requests/${filed.json.request_id}/transitions`, { token: worker.token, body: { action } });
    assert.equal(moved.status, 200, moved.text);
  }
  const done = await call('POST', `/api/v1/service-requests/${filed.json.request_id}/transitions`, { token: worker.token, body: { action: 'complete', outcome: '已开通助餐' } });
  assert.equal(done.status, 200, done.text);
  let ran = false;
  for (let attempt = 0; attempt < 20 && !ran; attempt++) {
    const run = await call('POST', '/api/v1/jobs/care.referrals/run', { token });
    if (run.status === 409) await new Promise((r) => setTimeout(r, 200));
    else {
      assert.equal(run.status, 200, run.text);
      ran = true;
    }
  }
  assert.ok(ran, 'care.referrals stayed busy');
  const after = await call('GET', `/api/v1/care/needs?place=${community}`, { token: worker.token });
  assert.equal(after.status, 200, after.text);
  const closedMeals = after.json.items.find((n) => n.id === meals.id);
  assert.equal(closedMeals.status, 'closed', after.text);
  assert.equal(closedMeals.outcome, `转办的服务申请 #${filed.json.request_id}已办结`);
  assert.equal(after.json.items.find((n) => n.id === stove.id).status, 'assigned', after.text);
});
