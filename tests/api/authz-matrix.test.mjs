// The authorization matrix (issue 15; decision 0016): every route the server registers × every
// role (and no session) × a record inside and a record outside the role's scope, on the real
// server (SQLite and PostgreSQL, scripts/test.sh). The route table comes from the server itself
// (`linli routes --json`: method, pattern and the permission each route declares), so a route is
// in the matrix the moment it is registered, and a route with no fixture below fails until one
// is written. For each cell the expected status follows from the route's permission, the role's
// permissions (as the server reports them for the account) and the scope:
//   no session 401 · permission missing 403 · outside the scope 404 (or the route's documented
//   answer for a body naming an outside record) · inside the fixture's status;
// no response of a role whose scope does not cover the outside record may contain anything of it
// (its marker text, its division codes; .xlsx answers are unzipped first), and a write refused
// outside the scope must leave the outside record exactly as it was (read back as the city
// administrator before and after). Where a body can name a place, a third cell (`across`) sends
// an inside record with something outside in its body. A successful answer must show the record
// it reached, so that an empty answer cannot pass for a scoped one.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { BASE, ADMIN, PASSWORD, RUN, admin, accountWith, login, checkQueryAgainstContract, xlsxText } from './lib.mjs';

const COMMUNITY = { in: '321002001002', out: '321003001001' }; // 个园社区 (广陵区) · 冯庄 (邗江区)
const TOWN = { in: '321002001', out: '321003001' };
const COUNTY = { in: '321002', out: '321003' };
const DEPARTMENT = '市民政局';
// Text carried by every record of a side, so that a leak is a substring of a response.
const MARK = { in: `矩阵内${RUN}`, out: `矩阵外${RUN}` };
// An escalation inside the department officer's county, to another department than its own.
const OTHER_DEPARTMENT = `矩阵他部门${RUN}`;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');
const TODAY = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const SIDES = ['in', 'out'];

// Roles and the scope of the one grant each account of the matrix holds. The department officer
// covers one county (the delegation table allows the city or one county), so that it too has an
// outside. The city administrator's scope is the whole city: for it the outside record is in
// scope, which proves that the outside fixture exists and is visible to whoever may see it.
const ROLE_SCOPES = {
  city_admin: () => '3210',
  department_officer: () => COUNTY.in,
  county_official: () => COUNTY.in,
  town_official: () => TOWN.in,
  community_worker: () => COMMUNITY.in,
  grid_worker: () => W.in.grid,
  social_org: () => COMMUNITY.in,
  volunteer: () => COMMUNITY.in,
  resident: () => COMMUNITY.in,
  // A home-service provider's staff: the inside provider (registered at the inside town).
  provider: () => TOWN.in,
  // A mandated reporter (a school) of the inside town.
  institution: () => TOWN.in,
};
const ROLES = [...Object.keys(ROLE_SCOPES), 'anonymous'];
const coversOutside = (role) => role === 'city_admin';

// The route table, exactly as `linli serve` mounts it.
const ROUTES = JSON.parse(
  execFileSync(process.env.LINLI_BIN, ['--db', process.env.LINLI_DB_URL, 'routes', '--json'], { encoding: 'utf8' }),
);

// ---------------------------------------------------------------------------------------------
// Requests that keep binary answers (exports, photos) intact.
async function send(method, path, { token, body, raw, headers = {}, form } = {}) {
  checkQueryAgainstContract(method, path);
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  let payload;
  if (raw !== undefined) payload = raw;
  else if (form !== undefined) {
    payload = new URLSearchParams(form).toString();
    h['content-type'] = 'application/x-www-form-urlencoded';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    h['content-type'] = 'application/json';
  }
  const res = await fetch(BASE + path, { method, headers: h, body: payload, redirect: 'manual' });
  const bytes = Buffer.from(await res.arrayBuffer());
  const type = res.headers.get('content-type') ?? '';
  const text = bytes.subarray(0, 2).toString('latin1') === 'PK' ? xlsxText(bytes) : bytes.toString('utf8');
  let json = null;
  if (type.includes('json')) {
    try { json = JSON.parse(text); } catch { json = null; }
  }
  return { status: res.status, text, json };
}

// The text of every member of a zip (.xlsx), so that exported cells can be searched; the shared
// strings and inline strings of a sheet end up one cell per line.

// ---------------------------------------------------------------------------------------------
// The world: one set of records on each side, made by the city administrator.
const W = { in: {}, out: {}, accounts: {} };
let counter = 0;
const unique = () => `${RUN}${++counter}`;
// Months 2001-01 … 2019-12, one per reported figure of the matrix.
let reportCounter = 0;
const reportPeriod = () => {
  const n = reportCounter++;
  return `${2001 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
};
let idSequence = Math.floor(Math.random() * 900);
function idNumber(birth = `1975${String(1 + (idSequence % 12)).padStart(2, '0')}1${idSequence % 10}`) {
  idSequence = (idSequence + 1) % 1000;
  const first17 = `321002${birth}${String(idSequence).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

async function ok(method, path, options, status = [200, 201, 204]) {
  const res = await send(method, path, { token: await admin(), ...options });
  assert.ok([status].flat().includes(res.status), `${method} ${path}: ${res.status} ${res.text.slice(0, 400)}`);
  return res.json;
}

const socialOrgBody = (side, name) => ({ name, category: 'culture_sports', status: 'filed', filing_number: 'BA-2024-0001', place: COMMUNITY[side], contact_name: '矩阵', contact_phone: '13900002222', founded_on: '2020-01-01' });
const requesters = {};
const charityRequester = (side) => (requesters[side] ??= accountWith('community_worker', COMMUNITY[side]));
const make = {
  grid: async (side) => (await ok('POST', '/api/v1/grids', { body: { community_code: COMMUNITY[side], name: `${MARK[side]}网格${unique()}`, kind: 'ordinary', planned_households: 100, valid_from: '2000-01-01' } })).code,
  // The marker follows the door number: Open311 shows an address at road level (the text before
  // its first digit), and the matrix's public request stands at this building.
  building: async (side) => ok('POST', '/api/v1/buildings', { body: { community_code: COMMUNITY[side], grid_code: W[side].grid, address: `矩阵路${unique()}号${MARK[side]}`, lat: 32.39, lon: 119.43, kind: 'residential', floors: 6 } }),
  household: async (side) => ok('POST', '/api/v1/households', { body: { building_id: W[side].building.id, room: unique(), type: 'actual', since: '2000-01-01' } }),
  resident: async (side, extra = {}) => ok('POST', '/api/v1/residents', { body: { name: `${MARK[side]}居民`, id_number: idNumber(), phone: '13800001111', ethnicity: '汉族', status: 'registered_resident', status_since: '2010-01-01', grid_code: W[side].grid, ...extra } }),
  tag: async (side, residentId) => ok('POST', `/api/v1/residents/${residentId}/tags`, { body: { code: 'elderly_alone', valid_from: '2024-01-01', source: MARK[side] } }),
  event: async (side) => ok('POST', '/api/v1/events', { body: { category: 'environment.garbage', description: `${MARK[side]}事件`, place_code: W[side].grid } }),
  escalation: async (side, eventId) => (await ok('POST', `/api/v1/events/${eventId}/escalations`, { body: { departments: [DEPARTMENT], reason: `${MARK[side]}吹哨` } })).items[0],
  request: async (side) => ok('POST', '/api/v1/service-requests', { body: { item_code: 'YZ-YL-004', channel: 'window', handling_mode: 'entrusted', applicant_id: W[side].resident.id, note: MARK[side] } }),
  facility: async (side) => ok('POST', '/api/v1/facilities', { body: { community_code: COMMUNITY[side], type: 'elderly_day_care', name: `${MARK[side]}日间照料${unique()}`, lat: 32.39, lon: 119.43, floor_area: 500, service_area: 300 } }),
  account: async (side, extra = {}) => {
    const username = `mx${unique()}`.slice(0, 32);
    await ok('POST', '/api/v1/accounts', { body: { username, display_name: `${MARK[side]}账号`, password: PASSWORD, grants: [{ role: 'community_worker', scope_code: COMMUNITY[side] }], ...extra } });
    return username;
  },
  form: async () => ok('POST', `/api/v1/service-items/${W.item}/forms?name=${encodeURIComponent('矩阵样表')}`, { raw: PDF, headers: { 'content-type': 'application/pdf' } }),
  // A reported figure (B2b, a community's) in a month of its own, so that each is the one live
  // figure of its place and month; `at` overrides the indicator and place (the approve cells
  // report at the level below the approver's).
  report: async (side, at = {}) => ok('POST', '/api/v1/indicator-reports', { body: { indicator: 'B2b', place: COMMUNITY[side], period: reportPeriod(), numerator: 1, denominator: 2, note: MARK[side], ...at } }),
  // Social work (issue 20 item 2): a worker at the side's community room, a record by them.
  swWorker: async (side) => ok('POST', '/api/v1/social-workers', { body: { name: `${MARK[side]}社工`, certificate_level: 'social_worker', certificate_number: `MX-${unique()}`.slice(0, 32), facility_id: W[side].swRoom.id, started_on: '2024-01-01' } }),
  swRecord: async (side) => ok('POST', '/api/v1/social-work/records', { body: { worker_id: W[side].swWorker.id, community: COMMUNITY[side], served_on: TODAY, method: 'case', people_served: 1, summary: `${MARK[side]}个案服务` } }),
  designation: async (side) => ok('POST', '/api/v1/designations', { body: { kind: 'child_friendly_community', place: COMMUNITY[side], title: `${MARK[side]}儿童友好示范社区${unique()}`.slice(0, 60), designated_on: '2024-06-01', approved_by: '市妇联', approval_level: 'city' } }),
  project: async (side) => ok('POST', '/api/v1/funded-projects', { body: { name: `${MARK[side]}项目${unique()}`, department: DEPARTMENT, task: 'A4', place: COMMUNITY[side], amount: 80000, source: 'venture_philanthropy', year: 2025 } }),
  // Community charity (decision 0048).
  fund: async (side) => ok('POST', '/api/v1/charity-funds', { body: { community: COMMUNITY[side], name: `${MARK[side]}基金${unique()}`.slice(0, 60), opened_on: '2024-01-01', managing_organisation: `${MARK[side]}居委会` } }),
  donation: async (side, fundId, fen = 100) => ok('POST', '/api/v1/charity-donations', { body: { fund_id: fundId, kind: 'money', amount_fen: fen, donor_name: `${MARK[side]}捐赠人`.slice(0, 60), donor_phone: '13800002222', donated_on: '2024-06-01' } }),
  charityNeed: async (side) => ok('POST', '/api/v1/charity-needs', { body: { community: COMMUNITY[side], title: `${MARK[side]}慈善需求${unique()}`.slice(0, 60), description: MARK[side], amount_fen: 50_000 } }),
  // Requested by the side's community worker: no one approves a disbursement they asked for, and
  // the city administrator's cells approve these.
  disbursement: async (side, fundId) => ok('POST', '/api/v1/charity-disbursements', { token: (await charityRequester(side)).token, body: { fund_id: fundId, purpose: `${MARK[side]}用途${unique()}`.slice(0, 100), amount_fen: 100 } }),
  // Care (issue 19): an archive of a fresh resident of the side, a visit planned for it this month
  // (the job plans the month), a need.
  archive: async (side, residentId, category = 'elderly_special_difficulty') => ok('POST', '/api/v1/care/archives', { body: { resident_id: residentId ?? (await make.resident(side)).id, category, fields: { elderly_special_difficulty: { reason: '高龄独居' }, disability: { type: '肢体残疾', grade: '二级' } }[category] ?? {} } }),
  rehab: async (side) => ok('POST', '/api/v1/rehabilitation', { body: { resident_id: W[side].disabled.id, facility_id: W[side].rehabHome.id, kind: 'training', served_on: TODAY, minutes: 45, note: `${MARK[side]}康复训练${unique()}` } }),
  visit: async (side) => {
    const archive = await make.archive(side);
    // Cells run beside each other: a run already under way answers 409, then try again.
    for (let i = 0; i < 100; i++) {
      const run = await send('POST', '/api/v1/jobs/care.visit_plan/run', { token: await admin() });
      if (run.status !== 409) {
        assert.ok([200, 201, 204].includes(run.status), run.text);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // The community's month, a page at a time (by place, then id).
    let cursor = '';
    for (;;) {
      const visits = await ok('GET', `/api/v1/care/visits?place=${COMMUNITY[side]}&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      const visit = visits.items.find((v) => v.archive_id === archive.id);
      if (visit) return visit;
      assert.ok(visits.next_cursor, 'the month plan has the archive\'s visit');
      cursor = visits.next_cursor;
    }
  },
  // A visit recorded with a need found (its photos are added to it).
  recordedVisit: async (side) => {
    const visit = await make.visit(side);
    await ok('POST', `/api/v1/care/visits/${visit.id}/record`, { body: { mode: 'in_person', note: `${MARK[side]}已走访`, needs: [{ what: `${MARK[side]}走访需求`, urgency: 'normal' }] } });
    return visit;
  },
  // A fresh 85-year-old of the side, found by the rules' job: the finding's id.
  finding: async (side) => {
    const born = `${new Date(Date.now() + 8 * 3600_000).getUTCFullYear() - 85}0101`;
    const elder = await make.resident(side, { id_number: idNumber(born), status_since: '2010-01-01' });
    for (let i = 0; i < 100; i++) {
      const run = await send('POST', '/api/v1/jobs/care.eligibility/run', { token: await admin() });
      if (run.status !== 409) {
        assert.ok([200, 201, 204].includes(run.status), run.text);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const found = await ok('GET', `/api/v1/care/findings?place=${COMMUNITY[side]}&benefit=advanced_age_allowance&status=open&limit=200`);
    const finding = found.items.find((f) => f.resident_id === elder.id);
    assert.ok(finding, 'the rules found the elder');
    return finding.id;
  },
  need: async (side) => ok('POST', '/api/v1/care/needs', { body: { resident_id: W[side].resident.id, what: `${MARK[side]}需求${unique()}`.slice(0, 60), urgency: 'normal' } }),
  // Home services: a provider at the side's town, and an order for the side's elder.
  provider: async (side) => ok('POST', '/api/v1/providers', { body: { name: `${MARK[side]}服务商${unique()}`.slice(0, 60), kind: 'organisation', place_code: TOWN[side], services: [{ service: 'meal', price: 12 }], contact_name: '矩阵', contact_phone: '13900001111' } }),
  // Community social organisations (decision 0045): one of the side's community, with an activity.
  socialOrg: async (side, name = `${MARK[side]}社会组织${unique()}`) => ok('POST', '/api/v1/social-orgs', { body: socialOrgBody(side, name) }),
  incubation: async (side) => ok('POST', '/api/v1/incubations', { body: { organisation_id: (await make.socialOrg(side)).id, base_id: W[side].base.id, applied_on: TODAY } }),
  order: async (side) => ok('POST', '/api/v1/home-orders', { body: { resident_id: W[side].elder.id, provider_id: W[side].provider.id, service: 'meal', units: 1, wanted_on: TODAY, ordered_by: 'worker' } }),
  // An order of the side's provider taken to `until` (scheduled, serving) by the provider's staff.
  servedOrder: async (side, until) => {
    const order = await make.order(side);
    const staff = { token: W.accounts.provider.token };
    const step = async (path, body) => {
      const res = await send('POST', `/api/v1/provider-orders/${order.id}/${path}`, { ...staff, body });
      assert.equal(res.status, 200, res.text);
    };
    await step('schedule', { scheduled_at: Date.now() + 3_600_000 });
    if (until === 'serving') await step('check-in', {});
    return order;
  },
  // A mandatory report about a child of the side's community, filed by the side's reporter (the
  // matrix's institution inside, one of the outside town outside); `until` acknowledged.
  mreport: async (side, until) => {
    const res = await send('POST', '/api/v1/mandatory-reports', { token: W[side].reporter, body: { institution: `${MARK[side]}小学`, contact_phone: '0514-86880000', place_code: COMMUNITY[side], kind: 'neglect', description: `${MARK[side]}强制报告${unique()}` } });
    assert.equal(res.status, 201, res.text);
    if (until === 'acknowledged') await ok('POST', `/api/v1/mandatory-reports/${res.json.id}/acknowledge`);
    return res.json;
  },
  // An emergency application (救急难) for the side's resident; `until` approved by the town.
  application: async (side, until) => {
    const made = await ok('POST', '/api/v1/care/applications', { body: { resident_id: W[side].resident.id, kind: 'emergency', amount: 100, reason: `${MARK[side]}急难${unique()}` } });
    if (until === 'approved') await ok('POST', `/api/v1/care/applications/${made.id}/decide`, { body: { decision: 'approve' } });
    return made;
  },
  kiosk: async (side) => ok('POST', '/api/v1/kiosks', { body: { community_code: COMMUNITY[side], name: `${MARK[side]}终端${unique()}`.slice(0, 40) } }),
  ticket: async (side) => ok('POST', '/api/v1/queue-tickets', { body: { community_code: COMMUNITY[side], category: 'civil_affairs' } }),
  // A ticket of the side called to a window: call-next until it reaches the new one (tickets
  // taken before it are called on the way; a cell running beside may call it first: then the
  // queue runs empty and it is called all the same).
  calledTicket: async (side) => {
    const ticket = await make.ticket(side);
    for (let i = 0; i < 500; i++) {
      const called = (await ok('POST', '/api/v1/queue-tickets/call-next', { body: { community_code: COMMUNITY[side], desk: '矩阵窗口' } })).ticket;
      if (!called || called.id === ticket.id) break;
    }
    return ticket;
  },
  // Volunteers (decision 0047): an activity of the side's community with room, a sign-up of the
  // side's volunteer into a fresh activity taken to `until` (checked_in, checked_out, verified).
  vactivity: async (side) => ok('POST', '/api/v1/volunteer-activities', { body: { title: `${MARK[side]}志愿活动${unique()}`.slice(0, 80), community_code: COMMUNITY[side], starts_at: RUN_START + 3_600_000, ends_at: RUN_START + 5 * 3_600_000, slots: [{ skill: 'general', wanted: 50 }] } }),
  vsignup: async (side, until) => {
    const activity = await make.vactivity(side);
    const signup = await ok('POST', `/api/v1/volunteer-activities/${activity.id}/signups`, { body: { volunteer_id: W[side].volunteer.id, skill: 'general' } });
    const steps = ['check-in', 'check-out', 'verify'];
    const upTo = { undefined: 0, checked_in: 1, checked_out: 2, verified: 3 }[until];
    for (const step of steps.slice(0, upTo)) {
      await ok('POST', `/api/v1/volunteer-signups/${signup.id}/${step}`, { body: step === 'verify' ? { minutes: 30 } : undefined });
    }
    return signup;
  },
  item: async () => {
    const code = `YZ-MX${unique().toUpperCase()}`.slice(0, 32);
    await ok('POST', '/api/v1/service-items', { body: catalogueItem(code) });
    return code;
  },
};

function catalogueItem(code) {
  return {
    code, name: '矩阵测试事项', category: 'certificates', responsible_departments: ['社区居委会'],
    eligible_groups: ['本社区居民'], required_materials: ['居民身份证'], legal_basis: '测试依据',
    fee_fen: 0, promised_working_days: 2, handling_modes: ['entrusted'], channels: ['window'], fully_online: false,
  };
}

// An account of each role, its permissions as the server reports them, and one notification in
// its own bell (a grant change notifies the holder; it ends the sessions, so sign in after).
async function makeAccount(role) {
  if (role === 'city_admin') {
    const session = await login();
    return { token: session.token, username: ADMIN.username, password: ADMIN.password, permissions: new Set(session.account.permissions) };
  }
  const grant = { role, scope_code: ROLE_SCOPES[role]() };
  if (role === 'department_officer') grant.department = DEPARTMENT;
  if (role === 'provider') grant.provider_id = W.in.provider.id;
  // A social organisation's account speaks for the inside organisation (decision 0045).
  if (role === 'social_org') grant.organisation_id = W.in.socialOrg.id;
  // The resident is the inside household's head, bound to the account (decision 0026).
  const bound = role === 'resident' ? { resident_id: W.in.resident.id } : {};
  const username = await make.account('in', { grants: [grant], display_name: `矩阵${role}`, ...bound });
  await ok('PUT', `/api/v1/accounts/${username}/grants`, { body: { grants: [grant] } });
  const session = await login(username, PASSWORD);
  return { token: session.token, username, password: PASSWORD, permissions: new Set(session.account.permissions) };
}

// A request the matrix's resident files for themselves, online.
async function ownRequest() {
  const res = await send('POST', '/api/v1/me/requests', { token: W.accounts.resident.token, body: { item_code: 'YZ-YL-004', channel: 'web', handling_mode: 'self_service', note: MARK.in } });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

// The secret of a pending challenge of a fresh inside kiosk (what its QR code carries).
async function pairingSecret() {
  const kiosk = await make.kiosk('in');
  const res = await send('POST', '/api/v1/kiosk/pairings', { headers: { 'x-kiosk-token': kiosk.device_token } });
  assert.equal(res.status, 201, res.text);
  return res.json.secret;
}

async function notificationOf(token) {
  const res = await send('GET', '/api/v1/notifications?limit=1', { token });
  return res.json?.items?.[0]?.id;
}

before(async () => {
  for (const side of SIDES) {
    const w = W[side];
    w.grid = await make.grid(side);
    w.building = await make.building(side);
    w.household = await make.household(side);
    w.residentIdNumber = idNumber();
    w.resident = await make.resident(side, { id_number: w.residentIdNumber, household_id: w.household.id, relation: 'head' });
    w.tag = await make.tag(side, w.resident.id);
    // A toddler with no childcare point near: the building is a gap of childcare_5min.
    const born = new Date(Date.now() - 400 * 86400_000).toISOString().slice(0, 10);
    await make.resident(side, { id_number: idNumber(born.replaceAll('-', '')), status_since: born, household_id: w.household.id, relation: 'child' });
    w.event = await make.event(side);
    w.photo = await ok('POST', `/api/v1/events/${w.event.id}/photos`, { raw: PNG, headers: { 'content-type': 'image/png' } });
    w.escalation = await make.escalation(side, w.event.id);
    w.request = await make.request(side);
    w.material = await ok('POST', `/api/v1/service-requests/${w.request.id}/materials?name=${encodeURIComponent('居民身份证')}`, { raw: PNG, headers: { 'content-type': 'image/png' } });
    w.slot = await ok('POST', '/api/v1/appointment-slots', { body: { community_code: COMMUNITY[side], desk: `${MARK[side]}窗口`, starts_at: Date.now() + 7 * 86400_000, ends_at: Date.now() + 7 * 86400_000 + 3600_000, capacity: 5 } });
    w.facility = await make.facility(side);
    w.complex = await ok('POST', '/api/v1/residential-complexes', { body: { community_code: COMMUNITY[side], name: `${MARK[side]}小区`, total_floor_area: 100000, supporting_room_area: 400, community_area: 50000, commerce_service_area: 6000 } });
    w.account = await make.account(side);
    await ok('PUT', `/api/v1/accounts/${w.account}/grants`, { body: { grants: [{ role: 'community_worker', scope_code: COMMUNITY[side] }] } });
    w.division = await ok('GET', `/api/v1/divisions/${COMMUNITY[side]}`);
    w.kiosk = await make.kiosk(side);
    w.ticket = await make.calledTicket(side);
    w.report = await make.report(side);
    w.designation = await make.designation(side);
    w.project = await make.project(side);
    await ok('PUT', `/api/v1/designations/${w.designation.id}/evidence?name=${encodeURIComponent('命名文件.pdf')}`, { raw: PDF, headers: { 'content-type': 'application/pdf' } });
    w.archive = await make.archive(side, w.resident.id);
    w.accountId = (await ok('GET', `/api/v1/accounts?q=${w.account}`)).items.find((a) => a.username === w.account).id;
    w.need = await make.need(side);
    w.elder = await make.resident(side, { id_number: idNumber('19400101') });
    w.provider = await make.provider(side);
    w.socialOrg = await make.socialOrg(side, `${MARK[side]}社会组织`);
    w.base = await ok('POST', '/api/v1/facilities', { body: { community_code: COMMUNITY[side], type: 'incubation_base', name: `${MARK[side]}孵化基地${unique()}`, lat: 32.39, lon: 119.43, floor_area: 300, service_area: 200 } });
    w.incubation = await make.incubation(side);
    w.socialActivity = await ok('POST', `/api/v1/social-orgs/${w.socialOrg.id}/activities`, { body: { title: `${MARK[side]}活动`, held_on: TODAY, served: 5 } });
    w.order = await make.order(side);
    w.application = await make.application(side);
    // A person with a disability archive and the community's 残疾人之家, for rehabilitation.
    w.disabled = await make.resident(side, { id_number: idNumber('19700505') });
    await make.archive(side, w.disabled.id, 'disability');
    w.rehabHome = await ok('POST', '/api/v1/facilities', { body: { community_code: COMMUNITY[side], type: 'disability_home', name: `${MARK[side]}残疾人之家${unique()}`, lat: 32.39, lon: 119.43, floor_area: 300, service_area: 240 } });
    w.rehab = await make.rehab(side);
    // Community charity: a fund with money in it, a need, a pending disbursement.
    w.fund = await make.fund(side);
    w.donation = await make.donation(side, w.fund.id, 1_000_000);
    w.charityNeed = await make.charityNeed(side);
    w.disbursement = await make.disbursement(side, w.fund.id);
    w.swStation = await ok('POST', '/api/v1/facilities', { body: { community_code: TOWN[side], type: 'social_work_station', name: `${MARK[side]}社工站${unique()}`, lat: 32.39, lon: 119.43, floor_area: 200, service_area: 150 } });
    w.swRoom = await ok('POST', '/api/v1/facilities', { body: { community_code: COMMUNITY[side], type: 'social_work_room', name: `${MARK[side]}社工室${unique()}`, lat: 32.39, lon: 119.43, floor_area: 60, service_area: 50 } });
    await ok('PUT', `/api/v1/social-work/stations/${w.swStation.id}/reach`, { body: { communities: [COMMUNITY[side]] } });
    w.swWorker = await make.swWorker(side);
    w.swRecord = await make.swRecord(side);
  }
  for (const side of SIDES) W[side].visit = await make.visit(side);
  for (const side of SIDES) {
    W[side].recorded = await make.recordedVisit(side);
    W[side].visitPhoto = await ok('POST', `/api/v1/care/visits/${W[side].recorded.id}/photos`, { raw: PNG, headers: { 'content-type': 'image/png' } });
  }
  for (const side of SIDES) W[side].finding = await make.finding(side);
  for (const side of SIDES) {
    await ok('POST', '/api/v1/care/signals/import', { raw: `身份证号,信号,日期,来源部门\n${W[side].residentIdNumber},失业登记,2025-01-05,${MARK[side]}人社局\n`, headers: { 'content-type': 'text/csv' } });
  }
  const other = await ok('POST', '/api/v1/events', { body: { category: 'environment.garbage', description: OTHER_DEPARTMENT, place_code: W.in.grid } });
  await ok('POST', `/api/v1/events/${other.id}/escalations`, { body: { departments: ['市城管局'], reason: OTHER_DEPARTMENT } });
  // Life-circle results for the coverage and gap routes, with the world in them.
  await ok('POST', '/api/v1/circles/compute');
  W.item = await make.item();
  W.form = await make.form();
  // A service centre in the inside community, for the public 办理地点 route.
  await ok('POST', '/api/v1/facilities', { body: { community_code: COMMUNITY.in, type: 'party_service_center', name: `${MARK.in}党群服务中心`, lat: 32.39, lon: 119.43, floor_area: 600, service_area: 400, phone: '0514-87000000' } });
  W.key = (await ok('POST', '/api/v1/open311/keys', { body: { name: `矩阵${RUN}` } })).api_key;
  W.open311 = (await send('POST', '/open311/v2/requests.json', { form: { api_key: W.key, service_code: 'environment.garbage', description: '矩阵公开请求', address_id: String(W.in.building.id) } })).json?.[0]?.service_request_id;
  assert.ok(W.open311, 'an Open311 request for the public routes');
  for (const role of Object.keys(ROLE_SCOPES)) W.accounts[role] = await makeAccount(role);
  // Mandated reporters: the matrix's institution inside, another at the outside town.
  W.in.reporter = W.accounts.institution.token;
  const outsideReporter = await make.account('out', { grants: [{ role: 'institution', scope_code: TOWN.out }] });
  W.out.reporter = (await login(outsideReporter, PASSWORD)).token;
  for (const side of SIDES) W[side].mreport = await make.mreport(side);
  // Volunteers: one bound to the side's registered person, a team, an activity, a sign-up; the
  // matrix's volunteer account is itself a volunteer of the inside community.
  for (const side of SIDES) {
    const w = W[side];
    w.volunteer = await ok('POST', '/api/v1/volunteers', { body: { resident_id: w.resident.id, name: `${MARK[side]}志愿者`.slice(0, 40), community_code: COMMUNITY[side], skills: ['general'] } });
    w.vteam = await ok('POST', '/api/v1/volunteer-teams', { body: { name: `${MARK[side]}服务队`.slice(0, 60), community_code: COMMUNITY[side], members: [w.volunteer.id] } });
    w.vactivity = await make.vactivity(side);
    w.vsignup = await make.vsignup(side);
  }
  const volunteerId = (await ok('GET', `/api/v1/accounts?q=${W.accounts.volunteer.username}`)).items.find((a) => a.username === W.accounts.volunteer.username).id;
  W.selfVolunteer = await ok('POST', '/api/v1/volunteers', { body: { account_id: volunteerId, name: `${MARK.in}自己`, community_code: COMMUNITY.in, skills: ['general'] } });
  // The bound resident's own request and its material (the /api/v1/me routes).
  W.own = await ownRequest();
  W.ownMaterial = await ok('POST', `/api/v1/me/requests/${W.own.id}/materials?name=${encodeURIComponent('户口簿')}`, { token: W.accounts.resident.token, raw: PNG, headers: { 'content-type': 'image/png' } });
  // Someone else's notification: the outside account's (notified by the grant change above).
  const outsider = await login(W.out.account, PASSWORD);
  W.out.notification = await notificationOf(outsider.token);
  assert.ok(W.out.notification, 'the outside account has a notification');
});

// ---------------------------------------------------------------------------------------------
// Fixtures, keyed by "METHOD /pattern". `req(c)` builds the request of one cell; c = { role,
// side, w (the side's records), acct (the caller's account), allowed (the pipeline lets the
// cell through, so fresh records are worth making) } and it returns { params, query, body, raw,
// headers, form, token, probe, skip }: `probe` is a path the city administrator reads before and
// after a refused write to show that nothing changed.
// Fields: `ok` the status inside (default 200); `outside` the status outside (default 404; for a
// list 200, its rows then checked for leaks); `scope: 'none'` for routes whose answer does not
// depend on a place (same status on both sides); `needs` permissions of which the handler wants
// one beyond the declared one (403 otherwise); `expect(role, side)` overrides a cell where the
// rule differs, with the reason in a comment; `forbid` extra patterns no response of a role
// that does not cover the outside may show; `shows` false (with the reason) when a successful
// answer cannot show the record it reached (an empty 204, a count), or a function (side, text,
// role) saying whether it does — by default the side's marker text or one of its division codes;
// `across` a third cell, a record inside whose body names something outside (a grid, a household,
// a building, a scope): `status` for a role that does not cover the outside (default 404),
// `admin` for the city administrator (default the inside status).
const LIST = { outside: 200 };
// A list's inside cell asks broadly (a search matching the records of both sides, or the whole
// city), so that a row from outside would show up among the role's own; its outside cell names
// the outside place.
const RUN_START = Date.now();
const broad = (inside, outside) => (c) => ({ query: c.side === 'in' ? inside : outside });
const ANY_ROLE = { scope: 'none' };
const PUBLIC = { scope: 'none' };
const byId = (key) => (c) => ({ params: { id: c.w[key].id } });
// Roles that see events in their jurisdiction (events.read); residents see only what they
// reported, so an event the administrator reported is not there for them (404).
const EVENT_READERS = ['city_admin', 'county_official', 'town_official', 'community_worker', 'grid_worker'];
// Facilities, residential complexes and appointment slots belong to a community, which is wider
// than a grid: a grid worker holds facilities.* and services.handle but reaches none of them
// (404, or 422 on community_code where the community is named in the body).
const COMMUNITY_LEVEL = (status) => (role, side) => (role === 'grid_worker' && side === 'in' ? status : undefined);
const json = (text) => { try { return JSON.parse(text); } catch { return null; } };
const SAME_BYTES = (side, text) => text === PNG.toString('utf8');
// Community-level lists of a grid worker are empty (see COMMUNITY_LEVEL).
const showsUnlessGridWorker = (side, text, role) => role === 'grid_worker' || shows(side, text);
const DIVISION_CODES = /"(code|division_code|community_code|place_code|scope_code|grid_code|area_code)":"321003/;

// A community worker manages residents' accounts only (decision 0026): another community
// worker's account inside its community is a peer's, 403.
const PEER_REFUSED = (role, side) => (role === 'community_worker' && side !== 'out' ? 403 : undefined);

// A cell of the approval routes: a fresh figure at the level the caller approves, where the
// cell succeeds; the world's figure otherwise.
const APPROVAL_PLACE = {
  city_admin: (side) => ({ indicator: 'C11a', place: COUNTY[side] }),
  county_official: (side) => ({ place: TOWN[side] }),
  town_official: (side) => ({ place: COMMUNITY[side] }),
};
const approvalCell = (body) => async (c) => {
  const succeeds = c.allowed && APPROVAL_PLACE[c.role] && (c.side === 'in' || coversOutside(c.role));
  const id = succeeds ? (await make.report(c.side, APPROVAL_PLACE[c.role](c.side))).id : c.w.report.id;
  return { params: { id }, body: body(), probe: `/api/v1/indicator-reports/${id}` };
};

const FIXTURES = {
  // Operations and documents: public.
  'GET /healthz': PUBLIC,
  'GET /readyz': PUBLIC,
  'GET /metrics': PUBLIC,
  'GET /api/v1/openapi.json': PUBLIC,

  // Session.
  'POST /api/v1/session': { ...PUBLIC, req: () => ({ body: { username: W.accounts.volunteer.username, password: PASSWORD } }) },
  'GET /api/v1/session': ANY_ROLE,
  'DELETE /api/v1/session': { ...ANY_ROLE, ok: 204, req: async (c) => (c.allowed ? { token: (await login(c.acct.username, c.acct.password)).token } : {}) },
  // A new password that breaks the rules: 422 on `password`, nothing changes (the accounts are
  // shared by every cell).
  'POST /api/v1/session/password': { ...ANY_ROLE, ok: 422, req: (c) => ({ body: { current_password: c.acct?.password ?? 'x', password: 'short' } }) },

  // Accounts: a community worker's account on each side. A community worker manages residents'
  // accounts only (decision 0026): a peer's is 403.
  'GET /api/v1/accounts': { ...LIST, req: broad(`?q=mx${RUN}&limit=200`, `?q=${encodeURIComponent(MARK.out)}&limit=200`) },
  'POST /api/v1/accounts': {
    ok: 201,
    expect: PEER_REFUSED,
    req: (c) => {
      const username = `mx${unique()}`.slice(0, 32);
      return { body: { username, display_name: `${MARK[c.side]}新账号`, password: PASSWORD, grants: [{ role: 'community_worker', scope_code: COMMUNITY[c.side] }] }, probe: `/api/v1/accounts?q=${username}` };
    },
  },
  'POST /api/v1/accounts/{username}/disable': { req: async (c) => accountCell(c), expect: PEER_REFUSED },
  'POST /api/v1/accounts/{username}/enable': {
    expect: PEER_REFUSED,
    req: async (c) => {
      const cell = await accountCell(c);
      if (c.allowed) await ok('POST', `/api/v1/accounts/${cell.params.username}/disable`);
      return cell;
    },
  },
  'PUT /api/v1/accounts/{username}/grants': {
    expect: PEER_REFUSED,
    req: async (c) => ({ ...(await accountCell(c)), body: { grants: [{ role: 'community_worker', scope_code: COMMUNITY[c.side] }] } }),
    // An account inside given a grant outside.
    across: { req: async (c) => ({ ...(await accountCell(inside(c))), body: { grants: [{ role: 'community_worker', scope_code: COMMUNITY.out }] } }) },
  },
  'POST /api/v1/accounts/{username}/password': { shows: (side, text) => /temporary_password/.test(text), req: async (c) => accountCell(c), expect: PEER_REFUSED },
  'PUT /api/v1/accounts/{username}/phone': { req: async (c) => ({ ...(await accountCell(c)), body: { phone: '13800001111' } }), expect: PEER_REFUSED },

  // Binding a resident's account to a registered person of the side (fresh each time: a person
  // has one account).
  'PUT /api/v1/accounts/{username}/resident': {
    req: async (c) => {
      const username = `mr${unique()}`.slice(0, 32);
      if (c.allowed) await ok('POST', '/api/v1/accounts', { body: { username, display_name: `${MARK[c.side]}居民账号`, password: PASSWORD, grants: [{ role: 'resident', scope_code: COMMUNITY[c.side] }] } });
      const person = c.allowed ? await make.resident(c.side) : c.w.resident;
      return { params: { username: c.allowed ? username : W[c.side].account }, body: { resident_id: person.id }, probe: `/api/v1/accounts?q=${c.allowed ? username : W[c.side].account}` };
    },
  },

  // A resident's own affairs (decision 0026): reached through the bound person, never by place.
  'GET /api/v1/me/requests': { scope: 'none', shows: (side, text) => text.includes(MARK.in) },
  'POST /api/v1/me/requests': { scope: 'none', ok: 201, shows: false, req: () => ({ body: { item_code: 'YZ-YL-004', channel: 'web', handling_mode: 'self_service' } }) },
  'GET /api/v1/me/requests/{id}': { scope: 'none', shows: (side, text) => text.includes(MARK.in), req: () => ({ params: { id: W.own.id } }) },
  'POST /api/v1/me/requests/{id}/transitions': {
    scope: 'none', shows: false,
    req: async (c) => ({ params: { id: c.allowed ? (await ownRequest()).id : W.own.id }, body: { action: 'withdraw', reason: '矩阵撤回' } }),
  },
  'POST /api/v1/me/requests/{id}/materials': { scope: 'none', ok: 201, shows: false, req: () => ({ params: { id: W.own.id }, query: `?name=${encodeURIComponent('材料')}`, raw: PNG, headers: { 'content-type': 'image/png' } }) },
  'GET /api/v1/me/requests/{id}/materials/{material_id}': { scope: 'none', shows: SAME_BYTES, req: () => ({ params: { id: W.own.id, material_id: W.ownMaterial.id } }) },
  'GET /api/v1/me/appointment-slots': { scope: 'none', shows: false, req: () => ({ query: `?date=${new Date(W.in.slot.starts_at + 8 * 3600_000).toISOString().slice(0, 10)}` }) },
  'GET /api/v1/me/household': { scope: 'none', shows: (side, text) => text.includes(MARK.in) },

  // Sign-up and forgotten passwords (public). The suite's server has no SMS gateway: a code
  // cannot be sent to anyone (409, the same for every caller); a wrong code is 422.
  'POST /api/v1/sign-up/code': { ...PUBLIC, ok: 409, shows: false, req: () => ({ body: { id_number: idNumber(), phone: '13800001111' } }) },
  'POST /api/v1/sign-up': { ...PUBLIC, ok: 422, shows: false, req: () => ({ body: { id_number: idNumber(), phone: '13800001111', code: '000000', username: `ms${unique()}`.slice(0, 32), password: PASSWORD } }) },
  'POST /api/v1/password-reset/code': { ...PUBLIC, ok: 409, shows: false, req: () => ({ body: { username: W.accounts.volunteer.username, phone: '13800001111' } }) },
  'POST /api/v1/password-reset': { ...PUBLIC, ok: 422, shows: false, req: () => ({ body: { username: W.accounts.volunteer.username, code: '000000', password: PASSWORD } }) },

  // Audit log (records carry the division of their subject).
  'GET /api/v1/audit': { ...LIST, req: (c) => broad(`?subject_type=resident&from=${RUN_START}&limit=200`, `?subject_type=resident&subject_id=${W.out.resident.id}&limit=200`)(c) },
  'GET /api/v1/audit/export': { ...LIST, req: (c) => broad(`?subject_type=resident&from=${RUN_START}`, `?subject_type=resident&subject_id=${W.out.resident.id}`)(c), forbid: [/^321003/m] },

  // Divisions.
  // A grid worker's scope is a grid: the search finds no division inside it.
  'GET /api/v1/divisions': { ...LIST, shows: (side, text, role) => role === 'grid_worker' || shows(side, text), req: (c) => broad(`?q=${encodeURIComponent('居委会')}&limit=200`, `?q=${encodeURIComponent(W.out.division.name)}`)(c) },
  'GET /api/v1/places/{code}': { ...PUBLIC, req: () => ({ params: { code: TOWN.in } }) },
  'GET /api/v1/divisions/{code}': { req: (c) => ({ params: { code: COMMUNITY[c.side] } }) },
  'PATCH /api/v1/divisions/{code}': { req: (c) => ({ params: { code: COMMUNITY[c.side] }, body: { kind: W[c.side].division.kind }, probe: `/api/v1/divisions/${COMMUNITY[c.side]}` }) },
  // A county's towns have no outlines: they show in `without`, by code.
  'GET /api/v1/divisions/{code}/outlines': { req: (c) => ({ params: { code: COUNTY[c.side] } }) },
  // The fixture towns have no community of undecided kind: the list is empty.
  'GET /api/v1/divisions/{code}/unresolved': { shows: false, req: (c) => ({ params: { code: TOWN[c.side] } }) },

  // Grids.
  'GET /api/v1/grids': { ...LIST, req: broad(`?q=${RUN}&limit=200`, `?community=${COMMUNITY.out}`) },
  'POST /api/v1/grids': {
    ok: 201,
    req: (c) => {
      const name = `${MARK[c.side]}新网格${unique()}`;
      return { body: { community_code: COMMUNITY[c.side], name, kind: 'ordinary', planned_households: 10 }, probe: `/api/v1/grids?q=${encodeURIComponent(name)}&status=all` };
    },
    // A micro-grid under the outside grid.
    across: { req: () => ({ body: { parent_code: W.out.grid, name: `${MARK.in}微网格${unique()}`, kind: 'ordinary', planned_households: 10 }, probe: `/api/v1/grids/${W.out.grid}` }) },
  },
  'GET /api/v1/grids/{code}': { req: (c) => ({ params: { code: c.w.grid } }) },
  'PATCH /api/v1/grids/{code}': { req: (c) => ({ params: { code: c.w.grid }, body: { planned_households: 100 }, probe: `/api/v1/grids/${c.w.grid}` }) },
  'POST /api/v1/grids/{code}/close': {
    req: async (c) => {
      const code = c.allowed ? await make.grid(c.side) : c.w.grid;
      return { params: { code }, body: { valid_until: TODAY }, probe: `/api/v1/grids/${code}` };
    },
  },

  // Population registry.
  'GET /api/v1/residents': { ...LIST, req: broad(`?q=${RUN}&limit=200`, `?community=${COMMUNITY.out}&limit=200`) },
  'POST /api/v1/residents': {
    ok: 201,
    req: (c) => ({ body: { name: `${MARK[c.side]}新居民`, id_number: idNumber(), ethnicity: '汉族', status: 'registered_resident', status_since: '2010-01-01', grid_code: c.w.grid }, probe: `/api/v1/residents?q=${encodeURIComponent(`${MARK[c.side]}新居民`)}&limit=200` }),
    // Registered into the outside household.
    across: { req: () => ({ body: { name: `${MARK.in}越界居民`, id_number: idNumber(), ethnicity: '汉族', status: 'registered_resident', status_since: '2010-01-01', household_id: W.out.household.id, relation: 'other' }, probe: `/api/v1/households/${W.out.household.id}` }) },
  },
  'GET /api/v1/residents/counts': { shows: (side, text) => json(text)?.total >= 1, req: (c) => ({ query: `?division=${COMMUNITY[c.side]}` }) },
  'GET /api/v1/residents/{id}': { req: byId('resident') },
  // 点击查看: people.personal_data over the resident's place; the answer is the whole number.
  'POST /api/v1/residents/{id}/reveal': {
    shows: (side, text) => /"value":"\d{17}[\dX]"/.test(text),
    req: (c) => ({ params: { id: c.w.resident.id }, body: { field: 'id_number' } }),
  },
  'PATCH /api/v1/residents/{id}': { req: (c) => ({ params: { id: c.w.resident.id }, body: { phone: '13800001111' }, probe: `/api/v1/residents/${c.w.resident.id}` }) },
  'POST /api/v1/residents/{id}/move': {
    req: async (c) => ({ ...(await freshResident(c)), body: { grid_code: c.w.grid, date: TODAY } }),
    // Someone inside moved into the outside grid, or into the outside household.
    across: { req: async (c) => ({ ...(await freshResident(inside(c))), body: { grid_code: W.out.grid, date: TODAY } }) },
  },
  'POST /api/v1/residents/{id}/status': { req: async (c) => ({ ...(await freshResident(c)), body: { status: 'away', date: TODAY } }) },
  'POST /api/v1/residents/{id}/tags': { ok: 201, req: async (c) => ({ ...(await freshResident(c)), body: { code: 'elderly_alone', valid_from: '2024-01-01', source: MARK[c.side] } }) },
  'POST /api/v1/residents/{id}/tags/{tag_id}/end': {
    req: async (c) => {
      const cell = await freshResident(c);
      const tag = c.allowed ? (await make.tag(c.side, cell.params.id)).id : c.w.tag.id;
      return { params: { ...cell.params, tag_id: tag }, body: { valid_until: TODAY }, probe: cell.probe };
    },
  },
  'GET /api/v1/tag-definitions': { scope: 'none' },

  // Scheduled jobs (jobs.manage, the city administrator): no place in them.
  'GET /api/v1/jobs': { scope: 'none', shows: false },
  'POST /api/v1/jobs/{name}/run': { scope: 'none', shows: false, req: () => ({ params: { name: 'events.warning_sweep' } }) },
  // The SMS delivery log (jobs.manage, the city administrator): operational, no place in it.
  'GET /api/v1/sms/messages': { scope: 'none', shows: false, req: () => ({ query: '?limit=5' }) },
  // Declared people.manage; adding to the dictionary is the city administrator's alone.
  'POST /api/v1/tag-definitions': {
    scope: 'none', ok: 201,
    expect: (role) => (['county_official', 'town_official', 'community_worker', 'grid_worker'].includes(role) ? 403 : undefined),
    req: () => ({ body: { code: `mx_${unique()}`, name: `矩阵标签${unique()}`, category: 'elderly' } }),
  },
  'POST /api/v1/households': { ok: 201, req: (c) => ({ body: { building_id: c.w.building.id, room: `新${unique()}`, type: 'actual', since: '2000-01-01' }, probe: `/api/v1/buildings/${c.w.building.id}` }) },
  'GET /api/v1/households/{id}': { req: byId('household') },
  // A building's open households (a form's chooser): its rooms and heads, no personal data.
  'GET /api/v1/households': { shows: false, req: (c) => ({ query: `?building=${c.w.building.id}` }) },
  'PATCH /api/v1/households/{id}': { req: (c) => ({ params: { id: c.w.household.id }, body: { type: 'actual' }, probe: `/api/v1/households/${c.w.household.id}` }) },
  'POST /api/v1/households/{id}/close': {
    req: async (c) => {
      const id = c.allowed ? (await make.household(c.side)).id : c.w.household.id;
      return { params: { id }, body: { until: TODAY }, probe: `/api/v1/households/${id}` };
    },
  },
  'GET /api/v1/buildings': { ...LIST, req: broad(`?q=${RUN}&limit=200`, `?community=${COMMUNITY.out}&limit=200`) },
  'POST /api/v1/buildings': {
    ok: 201,
    req: (c) => ({ body: { community_code: COMMUNITY[c.side], grid_code: c.w.grid, address: `${MARK[c.side]}新路${unique()}号`, kind: 'residential', floors: 3 }, probe: `/api/v1/buildings?grid=${c.w.grid}&limit=200` }),
    // The inside community with the outside grid: 422 on grid_code for everyone.
    across: { status: 422, admin: 422, req: () => ({ body: { community_code: COMMUNITY.in, grid_code: W.out.grid, address: `${MARK.in}越界路${unique()}号`, kind: 'residential', floors: 3 }, probe: `/api/v1/buildings?grid=${W.out.grid}&limit=200` }) },
  },
  'GET /api/v1/buildings/{id}': { req: byId('building') },
  'PATCH /api/v1/buildings/{id}': { req: (c) => ({ params: { id: c.w.building.id }, body: { floors: 6 }, probe: `/api/v1/buildings/${c.w.building.id}` }) },
  'GET /api/v1/residents/import-template.xlsx': { scope: 'none' },
  // The import reports a row outside the caller's scope as a problem of that row (422), and
  // writes nothing.
  'POST /api/v1/residents/import': {
    outside: 422, shows: (side, text) => json(text)?.imported === 1,
    req: (c) => {
      const name = `${MARK[c.side]}导入${unique()}`;
      const csv = `姓名,公民身份号码,社区代码,网格代码\n${name},${idNumber()},${COMMUNITY[c.side]},${c.w.grid}\n`;
      return { raw: csv, headers: { 'content-type': 'text/csv' }, probe: `/api/v1/residents?q=${encodeURIComponent(name)}` };
    },
  },
  'GET /api/v1/residents/export.xlsx': { ...LIST, req: broad(`?q=${RUN}`, `?community=${COMMUNITY.out}`) },

  // Events and the whistle.
  'GET /api/v1/event-categories': { scope: 'none' },
  'POST /api/v1/event-categories': { scope: 'none', ok: 201, req: () => ({ body: { code: `other.mx_${unique()}`, name: '矩阵分类' } }) },
  'GET /api/v1/events': { ...LIST, req: broad('?category=environment.garbage&limit=200', `?place=${COMMUNITY.out}&limit=200`) },
  'POST /api/v1/events': {
    ok: 201,
    req: (c) => ({ body: { category: 'environment.garbage', description: `${MARK[c.side]}新事件`, place_code: c.w.grid }, probe: `/api/v1/events?place=${c.w.grid}&limit=200` }),
    // Reported at the outside building.
    across: { req: () => ({ body: { category: 'environment.garbage', description: `${MARK.in}越界事件`, building_id: W.out.building.id }, probe: `/api/v1/events?place=${W.out.grid}&limit=200` }) },
  },
  'GET /api/v1/events/{id}': { expect: (role) => (role === 'resident' ? 404 : undefined), req: byId('event') },
  'POST /api/v1/events/{id}/transitions': {
    needs: ['events.handle'],
    expect: (role) => (role === 'resident' ? 404 : undefined),
    req: async (c) => {
      const id = c.allowed ? (await make.event(c.side)).id : c.w.event.id;
      return { params: { id }, body: { action: 'start' }, probe: `/api/v1/events/${id}` };
    },
    // Handed to the outside community: 422 on assignee for everyone (not the event's place).
    across: {
      status: 422, admin: 422,
      req: async (c) => {
        const id = c.allowed ? (await make.event('in')).id : W.in.event.id;
        return { params: { id }, body: { action: 'assign', assignee: COMMUNITY.out }, probe: `/api/v1/events/${id}` };
      },
    },
  },
  // Made private (a no-op on events never made public): a public event carrying the matrix's
  // markers would show in the anonymous Open311 list, whose cells check that none does. The
  // status of every cell still tells who may set it; open311.test.mjs makes events public.
  'POST /api/v1/events/{id}/public': {
    needs: ['events.handle'],
    expect: (role) => (role === 'resident' ? 404 : undefined),
    req: (c) => ({ params: { id: c.w.event.id }, body: { public: false }, probe: `/api/v1/events/${c.w.event.id}` }),
  },
  'POST /api/v1/events/{id}/photos': {
    ok: 201, shows: (side, text) => json(text)?.url?.startsWith(`/api/v1/events/${W[side].event.id}/`),
    expect: (role) => (role === 'resident' ? 404 : undefined),
    req: (c) => ({ params: { id: c.w.event.id }, raw: PNG, headers: { 'content-type': 'image/png' }, probe: `/api/v1/events/${c.w.event.id}` }),
  },
  // Whoever sees the event, and the officers of a department it was escalated to.
  'GET /api/v1/events/{id}/photos/{photo_id}': {
    shows: SAME_BYTES,
    expect: (role, side) => (role !== 'anonymous' && !EVENT_READERS.includes(role) && !(role === 'department_officer' && side === 'in') ? 404 : undefined),
    req: (c) => ({ params: { id: c.w.event.id, photo_id: c.w.photo.id } }),
  },
  'POST /api/v1/events/{id}/escalations': {
    ok: 201,
    req: async (c) => {
      const id = c.allowed ? (await make.event(c.side)).id : c.w.event.id;
      return { params: { id }, body: { departments: ['市城管局'], reason: MARK[c.side] }, probe: `/api/v1/events/${id}` };
    },
  },
  'GET /api/v1/escalations/board': { ...LIST, needs: ['events.department', 'events.supervise'], req: () => ({ query: `?department=${encodeURIComponent(DEPARTMENT)}` }) },
  'GET /api/v1/escalations/ranking': { ...LIST, shows: (side, text) => json(text)?.items?.some((r) => r.department === DEPARTMENT), req: () => ({ query: `?from=${TODAY}&to=${TODAY}` }) },
  // Visible to the department (inside its county), the event's jurisdiction and its reporter.
  'GET /api/v1/escalations/{id}': {
    expect: (role, side) => (['social_org', 'volunteer', 'resident', 'provider', 'institution'].includes(role) ? 404 : undefined),
    req: byId('escalation'),
  },
  // Each role tries the step that is its own: the department checks in, a supervisor supervises,
  // the community withdraws; a grid worker sees the escalation but has no step (403); residents,
  // social organisations, volunteers and providers' staff do not see it (404).
  'POST /api/v1/escalations/{id}/transitions': {
    expect: (role, side) => {
      if (['social_org', 'volunteer', 'resident', 'provider', 'institution'].includes(role)) return 404;
      if (role === 'grid_worker' && side === 'in') return 403;
      return undefined;
    },
    req: async (c) => {
      const id = c.allowed ? (await make.escalation(c.side, (await make.event(c.side)).id)).id : c.w.escalation.id;
      const step = {
        department_officer: { action: 'check_in' }, community_worker: { action: 'withdraw', reason: '矩阵撤回' },
        grid_worker: { action: 'withdraw', reason: '矩阵撤回' },
      }[c.role] ?? (['city_admin', 'county_official', 'town_official'].includes(c.role) ? { action: 'supervise', reason: '矩阵督办' } : { action: 'check_in' });
      return { params: { id }, body: step, probe: `/api/v1/escalations/${id}` };
    },
  },
  'GET /api/v1/departments': { scope: 'none', needs: ['events.read', 'events.escalate', 'events.department', 'events.supervise'] },
  // One's own bell: the notices name no place.
  'GET /api/v1/notifications': { ...LIST, shows: false },
  // One's own first screen: its cards are built by the services above, inside the caller's
  // scopes (tests/api/workbench.test.mjs checks what each role's cards count).
  'GET /api/v1/workbench': { ...LIST, shows: false },
  // One's own notification inside; someone else's outside is not there, for everyone.
  'POST /api/v1/notifications/{id}/read': {
    ok: 204, shows: false,
    expect: (role, side) => (side === 'out' && role !== 'anonymous' ? 404 : undefined),
    req: async (c) => {
      if (c.side === 'out') return { params: { id: W.out.notification } };
      if (!c.acct) return { params: { id: W.out.notification } };
      const id = await notificationOf(c.acct.token);
      return id ? { params: { id } } : { skip: 'no notification in this bell (city administrators are told nothing on their account)' };
    },
  },
  'POST /api/v1/notifications/read-all': ANY_ROLE,
  'POST /api/v1/open311/keys': { scope: 'none', ok: 201, req: () => ({ body: { name: `矩阵${unique()}` } }) },

  // Open311: public. The app-reported events of the matrix are never public: the outside cell
  // asks for one by id (404), and every Open311 answer is checked for both sides' text.
  'GET /open311/v2/{file}': { forbid: [() => MARK.in], req: (c) => ({ params: { file: c.side === 'in' ? 'services.json' : 'requests.json' } }) },
  'POST /open311/v2/{file}': {
    ...PUBLIC,
    req: (c) => ({ params: { file: 'requests.json' }, form: { api_key: W.key, service_code: 'environment.garbage', description: '矩阵公开请求', address_id: String(c.w.building.id) } }),
  },
  'GET /open311/v2/services/{file}': { ...PUBLIC, req: () => ({ params: { file: 'environment.garbage.json' } }) },
  'GET /open311/v2/requests/{file}': {
    forbid: [() => MARK.in],
    expect: (role, side) => (side === 'in' ? 200 : 404),
    req: (c) => ({ params: { file: `${c.side === 'in' ? W.open311 : c.w.event.id}.json` } }),
  },

  // Service catalogue and holiday calendar.
  'GET /api/v1/service-items': PUBLIC,
  'GET /api/v1/deployment': PUBLIC,
  'GET /api/v1/service-items/{code}': { ...PUBLIC, req: () => ({ params: { code: 'YZ-YL-004' } }) },
  'POST /api/v1/service-items': { scope: 'none', ok: 201, req: () => ({ body: catalogueItem(`YZ-MX${unique().toUpperCase()}`.slice(0, 32)) }) },
  'PUT /api/v1/service-items/{code}': { scope: 'none', req: () => ({ params: { code: W.item }, body: catalogueItem(W.item) }) },
  'POST /api/v1/service-items/{code}/retire': { scope: 'none', req: async (c) => ({ params: { code: c.allowed ? await make.item() : W.item } }) },
  'POST /api/v1/service-items/{code}/restore': {
    scope: 'none',
    req: async (c) => {
      if (!c.allowed) return { params: { code: W.item } };
      const code = await make.item();
      await ok('POST', `/api/v1/service-items/${code}/retire`);
      return { params: { code } };
    },
  },
  // Sample forms (样表): anyone reads and downloads, catalogue managers upload and delete.
  'GET /api/v1/service-items/{code}/forms': { ...PUBLIC, req: () => ({ params: { code: W.item } }) },
  'POST /api/v1/service-items/{code}/forms': {
    scope: 'none', ok: 201,
    req: () => ({ params: { code: W.item }, query: `?name=${encodeURIComponent('矩阵新样表')}`, raw: PDF, headers: { 'content-type': 'application/pdf' } }),
  },
  'GET /api/v1/service-items/{code}/forms/{form_id}': { ...PUBLIC, req: () => ({ params: { code: W.item, form_id: W.form.id } }) },
  'DELETE /api/v1/service-items/{code}/forms/{form_id}': {
    scope: 'none', ok: 204, shows: false,
    req: async (c) => ({ params: { code: W.item, form_id: c.allowed ? (await make.form()).id : W.form.id } }),
  },
  'GET /api/v1/communities/{code}/service-centre': { ...PUBLIC, req: () => ({ params: { code: COMMUNITY.in } }) },
  'GET /api/v1/holiday-calendar': PUBLIC,
  'PUT /api/v1/holiday-calendar': { scope: 'none', req: async () => ({ body: (await ok('GET', '/api/v1/holiday-calendar')).calendar }) },

  // Service requests.
  'GET /api/v1/appointment-slots': { ...LIST, shows: showsUnlessGridWorker, req: (c) => ({ query: `?community=${COMMUNITY[c.side]}&date=${new Date(c.w.slot.starts_at + 8 * 3600_000).toISOString().slice(0, 10)}` }) },
  'POST /api/v1/appointment-slots': { ok: 201, expect: COMMUNITY_LEVEL(404), req: (c) => ({ body: { community_code: COMMUNITY[c.side], desk: `${MARK[c.side]}新窗口`, starts_at: Date.now() + 8 * 86400_000, ends_at: Date.now() + 8 * 86400_000 + 3600_000, capacity: 1 } }) },
  'GET /api/v1/service-requests': { ...LIST, req: broad('?limit=200', `?place=${COMMUNITY.out}&limit=200`) },
  // An applicant outside the caller's scope is a 422 on `applicant_id` (docs/api.md).
  'POST /api/v1/service-requests': {
    ok: 201, outside: 422,
    req: (c) => ({ body: { item_code: 'YZ-YL-004', channel: 'window', handling_mode: 'entrusted', applicant_id: c.w.resident.id, note: `${MARK[c.side]}新申请` }, probe: `/api/v1/service-requests?applicant=${c.w.resident.id}&limit=200` }),
    // An inside applicant booked on the outside community's slot: 422 on slot_id for everyone.
    across: { status: 422, admin: 422, req: () => ({ body: { item_code: 'YZ-YL-004', channel: 'window', handling_mode: 'appointment', applicant_id: W.in.resident.id, slot_id: W.out.slot.id }, probe: `/api/v1/appointment-slots?community=${COMMUNITY.out}&date=${new Date(W.out.slot.starts_at + 8 * 3600_000).toISOString().slice(0, 10)}` }) },
  },
  'GET /api/v1/service-requests/{id}': { req: byId('request') },
  'POST /api/v1/service-requests/{id}/transitions': {
    req: async (c) => {
      const id = c.allowed ? (await make.request(c.side)).id : c.w.request.id;
      return { params: { id }, body: { action: 'accept' }, probe: `/api/v1/service-requests/${id}` };
    },
  },
  'POST /api/v1/service-requests/{id}/materials': {
    ok: 201, shows: (side, text) => json(text)?.request_id === W[side].request.id,
    req: (c) => ({ params: { id: c.w.request.id }, query: `?name=${encodeURIComponent('户口簿')}`, raw: PNG, headers: { 'content-type': 'image/png' }, probe: `/api/v1/service-requests/${c.w.request.id}` }),
  },
  'GET /api/v1/service-requests/{id}/materials/{material_id}': { shows: SAME_BYTES, req: (c) => ({ params: { id: c.w.request.id, material_id: c.w.material.id } }) },
  'GET /api/v1/service-desk/queue': { req: (c) => ({ query: `?community=${COMMUNITY[c.side]}` }) },
  'GET /api/v1/service-figures': { shows: (side, text) => json(text)?.total?.requests >= 1, req: (c) => ({ query: `?group_by=community&division=${COMMUNITY[c.side]}` }) },

  // Kiosks (kiosks.manage) and queue tickets (the desk: services.handle / services.read). A ticket
  // belongs to a community, wider than a grid: a grid worker holding services.* reaches none (404).
  // A refused ticket write outside must leave the outside community's day as it was (only the
  // administrator's cells, run first and alone, add to it).
  'POST /api/v1/kiosks': { ok: 201, req: (c) => ({ body: { community_code: COMMUNITY[c.side], name: `${MARK[c.side]}新终端${unique()}`.slice(0, 40), kind: 'display' }, probe: `/api/v1/kiosks?community=${COMMUNITY[c.side]}` }) },
  'GET /api/v1/kiosks': { req: (c) => ({ query: `?community=${COMMUNITY[c.side]}` }) },
  'POST /api/v1/kiosks/{id}/disable': {
    req: async (c) => {
      // A fresh kiosk only where the cell succeeds: a refused cell outside names the world's
      // kiosk, so that the outside list it probes changes only if the refusal fails.
      const succeeds = c.allowed && (c.side === 'in' || coversOutside(c.role));
      const id = succeeds ? (await make.kiosk(c.side)).id : c.w.kiosk.id;
      return { params: { id }, probe: `/api/v1/kiosks?community=${COMMUNITY[c.side]}` };
    },
  },
  // A new token: on a fresh kiosk where the cell succeeds, so the world's kiosk keeps its own.
  'POST /api/v1/kiosks/{id}/token': {
    shows: false,
    req: async (c) => {
      const succeeds = c.allowed && (c.side === 'in' || coversOutside(c.role));
      const id = succeeds ? (await make.kiosk(c.side)).id : c.w.kiosk.id;
      return { params: { id }, probe: `/api/v1/kiosks?community=${COMMUNITY[c.side]}` };
    },
  },
  'GET /api/v1/kiosk-coverage': { shows: (side, text) => json(text)?.rows?.some((r) => r.code.startsWith(TOWN[side])), req: (c) => ({ query: `?division=${TOWN[c.side]}` }) },
  // The device's routes: public in the route table, the device token is the credential (the
  // inside kiosk's, whoever else is signed in); kiosks.test.mjs checks tokens and their reach.
  'GET /api/v1/kiosk/device': { ...PUBLIC, req: () => ({ headers: { 'x-kiosk-token': W.in.kiosk.device_token } }) },
  'GET /api/v1/kiosk/board': { ...PUBLIC, req: () => ({ headers: { 'x-kiosk-token': W.in.kiosk.device_token } }) },
  'POST /api/v1/kiosk/tickets': { ...PUBLIC, ok: 201, req: () => ({ headers: { 'x-kiosk-token': W.in.kiosk.device_token }, body: { category: 'health' } }) },
  // A resident's sign-in at the kiosk: no SMS gateway here (409 before anything is counted); a
  // wrong code is one 422.
  'POST /api/v1/kiosk/sign-in/code': { ...PUBLIC, ok: 409, shows: false, req: () => ({ headers: { 'x-kiosk-token': W.in.kiosk.device_token }, body: { phone: '13800001111' } }) },
  'POST /api/v1/kiosk/sign-in': { ...PUBLIC, ok: 422, shows: false, req: () => ({ headers: { 'x-kiosk-token': W.in.kiosk.device_token }, body: { phone: '13800001111', code: '000000' } }) },
  // Signing in by scanning the kiosk's code (decision 0028): the kiosk opens a challenge and polls
  // it (public, its token); the resident's phone looks it up and approves it (self.services). A
  // cell that may succeed gets a challenge of a fresh inside kiosk of its own, so that no other
  // cell replaces it; a challenge is approved once. pairing-sign-in.test.mjs checks the rest.
  'POST /api/v1/kiosk/pairings': { ...PUBLIC, ok: 201, shows: false, req: () => ({ headers: { 'x-kiosk-token': W.in.kiosk.device_token } }) },
  'POST /api/v1/kiosk/pairings/{id}/sign-in': {
    ...PUBLIC, shows: (side, text) => json(text)?.state === 'pending',
    req: async () => {
      const kiosk = await make.kiosk('in');
      const headers = { 'x-kiosk-token': kiosk.device_token };
      const opened = (await send('POST', '/api/v1/kiosk/pairings', { headers })).json;
      return { params: { id: opened.id }, headers };
    },
  },
  'POST /api/v1/me/kiosk-pairing/look-up': { scope: 'none', shows: (side, text) => text.includes(MARK.in), req: async (c) => ({ body: { secret: c.allowed ? await pairingSecret() : 'x'.repeat(43) } }) },
  'POST /api/v1/me/kiosk-pairing/approve': { scope: 'none', shows: (side, text) => text.includes(MARK.in), req: async (c) => ({ body: { secret: c.allowed ? await pairingSecret() : 'x'.repeat(43) } }) },
  'POST /api/v1/queue-tickets': { ok: 201, expect: COMMUNITY_LEVEL(404), req: (c) => ({ body: { community_code: COMMUNITY[c.side], category: 'civil_affairs' }, probe: `/api/v1/queue-tickets?community=${COMMUNITY[c.side]}` }) },
  'GET /api/v1/queue-tickets': { expect: COMMUNITY_LEVEL(404), req: (c) => ({ query: `?community=${COMMUNITY[c.side]}` }) },
  'POST /api/v1/queue-tickets/call-next': {
    expect: COMMUNITY_LEVEL(404),
    req: async (c) => {
      if (c.allowed && (c.side === 'in' || coversOutside(c.role))) await make.ticket(c.side); // something to call
      return { body: { community_code: COMMUNITY[c.side], desk: '矩阵窗口' }, probe: `/api/v1/queue-tickets?community=${COMMUNITY[c.side]}` };
    },
  },
  'POST /api/v1/queue-tickets/{id}/transitions': {
    expect: COMMUNITY_LEVEL(404),
    req: async (c) => {
      const id = c.allowed && (c.side === 'in' || coversOutside(c.role)) ? (await make.calledTicket(c.side)).id : c.w.ticket.id;
      return { params: { id }, body: { action: 'skip' }, probe: `/api/v1/queue-tickets?community=${COMMUNITY[c.side]}` };
    },
  },

  // Plan indicators (indicators.read / .report / .approve). A place's indicators echo the place
  // asked; reported figures carry their place_code.
  'GET /api/v1/plan': { scope: 'none', shows: (side, text) => json(text)?.indicators?.length === 34 },
  'GET /api/v1/indicators': { shows: (side, text) => json(text)?.place?.startsWith(COUNTY[side]), req: (c) => ({ query: `?place=${COMMUNITY[c.side]}&period=2025-12` }) },
  // A town's communities: a community worker's scope lies below the town it asks (404).
  'GET /api/v1/indicators/{id}/breakdown': { expect: (role, side) => (role === 'community_worker' && side === 'in' ? 404 : undefined), shows: (side, text) => json(text)?.place?.startsWith(COUNTY[side]), req: (c) => ({ params: { id: 'C1' }, query: `?place=${TOWN[c.side]}&period=2025-12` }) },
  'GET /api/v1/indicators/report.xlsx': { shows: (side, text) => text.includes(COMMUNITY[side]), req: (c) => ({ query: `?place=${COMMUNITY[c.side]}&period=2025-12` }) },
  // The PDF names its place and month in its subject (the document information, plain text).
  'GET /api/v1/indicators/report.pdf': { shows: (side, text) => text.includes(COMMUNITY[side]), req: (c) => ({ query: `?place=${COMMUNITY[c.side]}&period=2025-12` }) },
  'GET /api/v1/indicators/{id}/trend': { shows: (side, text) => json(text)?.place?.startsWith(COUNTY[side]), req: (c) => ({ params: { id: 'B2a' }, query: `?place=${COMMUNITY[c.side]}` }) },
  // Shortfalls of a place may be none (no childcare point there): the answer cannot show it.
  'GET /api/v1/indicators/{id}/shortfalls': { shows: false, req: (c) => ({ params: { id: 'C5a' }, query: `?place=${COMMUNITY[c.side]}&period=2025-12` }) },
  'GET /api/v1/indicator-reports': { ...LIST, req: broad('?indicator=B2b', `?place=${COMMUNITY.out}`) },
  // What awaits the caller's own level: the world's figures await the towns, so most lists are
  // empty and cannot show a record.
  'GET /api/v1/indicator-approvals': { scope: 'none', shows: false },
  'GET /api/v1/indicator-reports/{id}': { req: byId('report') },
  'POST /api/v1/indicator-reports': {
    ok: 201,
    req: (c) => ({ body: { indicator: 'B2b', place: COMMUNITY[c.side], period: reportPeriod(), numerator: 1, denominator: 2, note: MARK[c.side] }, probe: `/api/v1/indicator-reports?place=${COMMUNITY[c.side]}` }),
  },
  // Entered again: a fresh figure where the cell succeeds, so the world's stays as it was.
  'PUT /api/v1/indicator-reports/{id}': {
    req: async (c) => {
      const succeeds = c.allowed && (c.side === 'in' || coversOutside(c.role));
      const id = succeeds ? (await make.report(c.side)).id : c.w.report.id;
      return { params: { id }, body: { numerator: 2, denominator: 3, note: MARK[c.side] }, probe: `/api/v1/indicator-reports/${id}` };
    },
  },
  // Approved (or returned) at the caller's own level: the figure is made one level below it
  // (a community's for a town, a town's for a county, a county's C6 for the city).
  'GET /api/v1/indicator-reports/import-template.xlsx': { shows: (side, text) => text.includes(COMMUNITY[side]), req: (c) => ({ query: `?place=${COMMUNITY[c.side]}&period=2025-12` }) },
  // A place outside the caller's scope is a problem of its row (422), as for facilities.
  'POST /api/v1/indicator-reports/import': {
    outside: 422, shows: (side, text) => json(text)?.imported === 1,
    req: (c) => {
      const csv = `指标编号,分项,地区代码,月份,分子（或数量）,分母,说明\nB2b,,${COMMUNITY[c.side]},${reportPeriod()},1,2,${MARK[c.side]}\n`;
      return { raw: csv, headers: { 'content-type': 'text/csv' }, probe: `/api/v1/indicator-reports?place=${COMMUNITY[c.side]}` };
    },
  },
  'POST /api/v1/indicator-reports/{id}/approve': { req: approvalCell(() => undefined) },
  'POST /api/v1/indicator-reports/{id}/return': { req: approvalCell(() => ({ reason: `${MARK.in}退回` })) },

  // Designations and pilots (indicators.read / indicators.report); a community's, child-friendly.
  // Care (issue 19). Lists of a place outside are empty; records outside read as missing.
  // Home services (decision 0033). Providers are in scope where registered or serving; orders where
  // the person lives; a provider's staff reach their provider's orders only (the inside one).
  'GET /api/v1/home-services': { scope: 'none', shows: (side, text) => json(text)?.services?.length === 5 },
  'GET /api/v1/providers': { ...LIST, req: broad('', `?place=${TOWN.out}`) },
  // Outside: the place is outside the caller's scope (422 on place_code).
  'POST /api/v1/providers': {
    ok: 201, outside: 422,
    req: (c) => ({ body: { name: `${MARK[c.side]}新服务商${unique()}`.slice(0, 60), kind: 'organisation', place_code: TOWN[c.side], services: [{ service: 'cleaning', price: 40 }], contact_name: '矩阵', contact_phone: '13900001111' }, probe: `/api/v1/providers?place=${TOWN[c.side]}` }),
  },
  'GET /api/v1/providers/import-template.xlsx': { scope: 'none', shows: (side, text) => text.includes('服务商名称') },
  // A file registering a provider at the side's town: inside, the dry run passes (200); outside,
  // the row is refused as out of scope (422), writing nothing.
  'POST /api/v1/providers/import': {
    outside: 422,
    shows: false,
    req: (c) => ({ query: '?dry_run=true', raw: `服务商名称,登记地代码,服务及价格,联系人,联系电话\n${MARK[c.side]}导入服务商${unique()},${TOWN[c.side]},助餐=12,矩阵,13900001111\n`, headers: { 'content-type': 'text/csv' }, probe: `/api/v1/providers?place=${TOWN[c.side]}` }),
  },
  'GET /api/v1/providers/export.xlsx': { ...LIST, req: broad('', `?place=${TOWN.out}`) },
  'GET /api/v1/providers/{id}': { req: byId('provider') },
  'PUT /api/v1/providers/{id}': {
    req: (c) => ({ params: { id: c.w.provider.id }, body: { name: c.w.provider.name, kind: 'organisation', place_code: TOWN[c.side], services: [{ service: 'meal', price: 12 }], contact_name: '矩阵改', contact_phone: '13900001111' }, probe: `/api/v1/providers/${c.w.provider.id}` }),
  },
  'GET /api/v1/providers/{id}/statements/{month}': { req: (c) => ({ params: { id: c.w.provider.id, month: TODAY.slice(0, 7) } }) },
  // A month closes once: a fresh provider for every cell that may close it.
  'POST /api/v1/providers/{id}/statements/{month}/close': {
    req: async (c) => {
      const id = c.allowed ? (await make.provider(c.side)).id : c.w.provider.id;
      return { params: { id, month: '2025-11' }, probe: `/api/v1/providers/${id}/statements/2025-11` };
    },
  },
  'GET /api/v1/home-orders': { ...LIST, req: broad('', `?place=${COMMUNITY.out}`) },
  // Outside: the person is not in the caller's scope (422 on resident_id).
  'POST /api/v1/home-orders': {
    ok: 201, outside: 422,
    req: (c) => ({ body: { resident_id: c.w.elder.id, provider_id: c.w.provider.id, service: 'meal', units: 2, wanted_on: TODAY, ordered_by: 'self' }, probe: `/api/v1/home-orders?resident=${c.w.elder.id}` }),
  },
  'GET /api/v1/home-orders/{id}': { req: byId('order') },
  'POST /api/v1/home-orders/{id}/cancel': {
    req: async (c) => {
      const id = c.allowed ? (await make.order(c.side)).id : c.w.order.id;
      return { params: { id }, body: { reason: `${MARK[c.side]}取消` }, probe: `/api/v1/home-orders/${id}` };
    },
  },
  // The matrix's orders are not served: whoever may rate one is told it is not done (409).
  'POST /api/v1/home-orders/{id}/rating': {
    ok: 409, shows: false,
    req: (c) => ({ params: { id: c.w.order.id }, body: { rating: 5 }, probe: `/api/v1/home-orders/${c.w.order.id}` }),
  },
  // A person's own orders (self.services): the matrix's resident is bound to a person of 51, so
  // ordering is refused on resident_id, and an order of another person is not theirs (404).
  'GET /api/v1/me/home-providers': { scope: 'none', shows: false },
  'GET /api/v1/me/home-orders': { scope: 'none', shows: false },
  'POST /api/v1/me/home-orders': { scope: 'none', ok: 422, shows: false, req: () => ({ body: { provider_id: W.in.provider.id, service: 'meal', units: 1, wanted_on: TODAY } }) },
  'POST /api/v1/me/home-orders/{id}/cancel': { scope: 'none', ok: 404, shows: false, req: () => ({ params: { id: W.in.order.id }, body: { reason: '矩阵取消' } }) },
  'POST /api/v1/me/home-orders/{id}/rating': { scope: 'none', ok: 404, shows: false, req: () => ({ params: { id: W.in.order.id }, body: { rating: 5 } }) },
  'GET /api/v1/home-entitlements/{resident_id}': {
    shows: (side, text) => json(text)?.resident_id === W[side].elder.id,
    req: (c) => ({ params: { resident_id: c.w.elder.id } }),
  },
  'GET /api/v1/provider-orders': { ...LIST, req: broad('', '?status=placed') },
  'GET /api/v1/provider-orders/{id}': { req: byId('order') },
  'POST /api/v1/provider-orders/{id}/schedule': {
    req: async (c) => {
      const id = c.allowed && c.side === 'in' ? (await make.order(c.side)).id : c.w.order.id;
      return { params: { id }, body: { scheduled_at: Date.now() + 7_200_000 }, probe: `/api/v1/home-orders/${id}` };
    },
  },
  'POST /api/v1/provider-orders/{id}/check-in': {
    req: async (c) => {
      const id = c.allowed && c.side === 'in' ? (await make.servedOrder(c.side, 'scheduled')).id : c.w.order.id;
      return { params: { id }, body: { lat: 32.39, lon: 119.43 }, probe: `/api/v1/home-orders/${id}` };
    },
  },
  'POST /api/v1/provider-orders/{id}/check-out': {
    req: async (c) => {
      const id = c.allowed && c.side === 'in' ? (await make.servedOrder(c.side, 'serving')).id : c.w.order.id;
      return { params: { id }, body: { note: '矩阵签退' }, probe: `/api/v1/home-orders/${id}` };
    },
  },
  // Volunteers (decision 0047): records of a community (outside 404; lists of a role not covering
  // the outside show none of its rows); the ledger proof is the city administrator's (403 for the
  // other holders of volunteers.verify); the statistics are public; a volunteer's own routes go
  // by its account's binding (the matrix's volunteer is one of the inside community).
  'GET /api/v1/volunteer-skills': { scope: 'none', shows: (side, text) => text.includes('elder_care') },
  'GET /api/v1/volunteers': { ...LIST, req: broad('', '') },
  'GET /api/v1/volunteers/export.xlsx': { ...LIST, req: broad('', '') },
  'POST /api/v1/volunteers': {
    ok: 201,
    req: async (c) => {
      const resident = c.allowed ? await make.resident(c.side) : c.w.resident;
      return { body: { resident_id: resident.id, name: `${MARK[c.side]}新志愿者`.slice(0, 40), community_code: COMMUNITY[c.side] }, probe: '/api/v1/volunteers' };
    },
  },
  'GET /api/v1/volunteers/{id}': { req: byId('volunteer') },
  'GET /api/v1/volunteers/{id}/hours': { req: byId('volunteer') },
  'GET /api/v1/volunteer-teams': { ...LIST, req: broad('', '') },
  'POST /api/v1/volunteer-teams': {
    ok: 201,
    req: (c) => ({ body: { name: `${MARK[c.side]}队${unique()}`.slice(0, 60), community_code: COMMUNITY[c.side], members: [c.w.volunteer.id] }, probe: '/api/v1/volunteer-teams' }),
  },
  'GET /api/v1/volunteer-activities': { ...LIST, req: broad('', '') },
  'POST /api/v1/volunteer-activities': {
    ok: 201,
    req: (c) => ({ body: { title: `${MARK[c.side]}活动${unique()}`.slice(0, 80), community_code: COMMUNITY[c.side], starts_at: RUN_START + 3_600_000, ends_at: RUN_START + 7_200_000, slots: [{ skill: 'general', wanted: 2 }] }, probe: '/api/v1/volunteer-activities' }),
  },
  'GET /api/v1/volunteer-activities/{id}': { req: byId('vactivity') },
  'POST /api/v1/volunteer-activities/{id}/signups': {
    ok: 201,
    req: async (c) => {
      const id = c.allowed ? (await make.vactivity(c.side)).id : c.w.vactivity.id;
      return { params: { id }, body: { volunteer_id: c.w.volunteer.id, skill: 'general' }, probe: `/api/v1/volunteer-activities/${id}` };
    },
  },
  'POST /api/v1/volunteer-signups/{id}/check-in': {
    req: async (c) => {
      const signup = c.allowed ? await make.vsignup(c.side) : c.w.vsignup;
      return { params: { id: signup.id }, probe: `/api/v1/volunteer-activities/${signup.activity_id}` };
    },
  },
  'POST /api/v1/volunteer-signups/{id}/check-out': {
    req: async (c) => {
      const signup = c.allowed ? await make.vsignup(c.side, 'checked_in') : c.w.vsignup;
      return { params: { id: signup.id }, probe: `/api/v1/volunteer-activities/${signup.activity_id}` };
    },
  },
  'POST /api/v1/volunteer-signups/{id}/verify': {
    req: async (c) => {
      const signup = c.allowed ? await make.vsignup(c.side, 'checked_out') : c.w.vsignup;
      return { params: { id: signup.id }, body: { minutes: 45 }, probe: `/api/v1/volunteer-activities/${signup.activity_id}` };
    },
  },
  'POST /api/v1/volunteer-signups/{id}/correct': {
    req: async (c) => {
      const signup = c.allowed ? await make.vsignup(c.side, 'verified') : c.w.vsignup;
      return { params: { id: signup.id }, body: { minutes: 20, reason: `${MARK[c.side]}更正` }, probe: `/api/v1/volunteer-activities/${signup.activity_id}` };
    },
  },
  'GET /api/v1/volunteer-ledger/verify': {
    scope: 'none',
    expect: (role) => (['county_official', 'town_official', 'community_worker'].includes(role) ? 403 : undefined),
    shows: (side, text) => json(text)?.intact === true,
  },
  'GET /api/v1/volunteer-stats': {
    ...PUBLIC,
    req: () => ({ query: `?place=${COUNTY.in}` }),
    shows: (side, text) => json(text)?.items?.some((r) => r.community_code === COMMUNITY.in),
  },
  'GET /api/v1/me/volunteer': { scope: 'none', shows: (side, text) => json(text)?.volunteer?.id === W.selfVolunteer.id },
  'GET /api/v1/me/volunteer/activities': { scope: 'none', shows: (side, text) => text.includes(MARK.in) },
  'POST /api/v1/me/volunteer/signups': {
    scope: 'none', ok: 201, shows: (side, text) => json(text)?.volunteer_id === W.selfVolunteer.id,
    req: async (c) => ({ body: { activity_id: c.allowed ? (await make.vactivity('in')).id : W.in.vactivity.id, skill: 'general' } }),
  },
  // Mandatory reports (decision 0034): filed by a mandated reporter about a child of its county
  // (outside: 422 on place_code); its own receipts only; handled under care.minors by place.
  'POST /api/v1/mandatory-reports': {
    ok: 201, outside: 422,
    req: (c) => ({ body: { institution: `${MARK[c.side]}小学`, contact_phone: '0514-86880000', place_code: COMMUNITY[c.side], kind: 'other', description: `${MARK[c.side]}矩阵报告` }, probe: `/api/v1/mandatory-reports?place=${COMMUNITY[c.side]}` }),
  },
  'GET /api/v1/mandatory-reports/mine': { scope: 'none', shows: (side, text) => json(text)?.items?.some((r) => r.id === W.in.mreport.id) },
  'GET /api/v1/mandatory-reports': { ...LIST, req: broad('', `?place=${COMMUNITY.out}`) },
  'GET /api/v1/mandatory-reports/{id}': { req: byId('mreport') },
  'POST /api/v1/mandatory-reports/{id}/acknowledge': {
    req: async (c) => {
      const id = c.allowed ? (await make.mreport(c.side)).id : c.w.mreport.id;
      return { params: { id }, probe: `/api/v1/mandatory-reports/${id}` };
    },
  },
  'POST /api/v1/mandatory-reports/{id}/close': {
    req: async (c) => {
      const id = c.allowed ? (await make.mreport(c.side, 'acknowledged')).id : c.w.mreport.id;
      return { params: { id }, body: { outcome: `${MARK[c.side]}已核查`, referral: 'none' }, probe: `/api/v1/mandatory-reports/${id}` };
    },
  },
  // Applications (decision 0035): filed under care.manage for a person in scope (outside: 422 on
  // resident_id); decided and paid only by the stage's level — a community worker files but does
  // not decide (403 inside).
  'GET /api/v1/care/applications': { ...LIST, req: broad('', `?place=${COMMUNITY.out}`) },
  'POST /api/v1/care/applications': {
    ok: 201, outside: 422,
    req: (c) => ({ body: { resident_id: c.w.resident.id, kind: 'emergency', amount: 50, reason: `${MARK[c.side]}突发困难` }, probe: `/api/v1/care/applications?place=${COMMUNITY[c.side]}` }),
  },
  'GET /api/v1/care/applications/{id}': { req: byId('application') },
  'POST /api/v1/care/applications/{id}/decide': {
    expect: (role, side) => (role === 'community_worker' && side === 'in' ? 403 : undefined),
    req: async (c) => {
      const id = c.allowed ? (await make.application(c.side)).id : c.w.application.id;
      return { params: { id }, body: { decision: 'approve', note: '矩阵审核' }, probe: `/api/v1/care/applications/${id}` };
    },
  },
  'POST /api/v1/care/applications/{id}/pay': {
    expect: (role, side) => (role === 'community_worker' && side === 'in' ? 403 : undefined),
    req: async (c) => {
      const id = c.allowed ? (await make.application(c.side, 'approved')).id : c.w.application.id;
      return { params: { id }, body: { amount: 80, note: '矩阵发放' }, probe: `/api/v1/care/applications/${id}` };
    },
  },
  // Rehabilitation records (decision 0038): recorded under care.manage for a person in scope with a
  // disability archive (outside: 422 on resident_id), read in scope; mental-health ones are
  // health-restricted (tests/api/rehabilitation.test.mjs).
  'GET /api/v1/rehabilitation': { ...LIST, req: broad('', `?place=${COMMUNITY.out}`) },
  'POST /api/v1/rehabilitation': {
    ok: 201, outside: 422,
    req: (c) => ({ body: { resident_id: c.w.disabled.id, facility_id: c.w.rehabHome.id, kind: 'training', served_on: TODAY, minutes: 30, note: `${MARK[c.side]}辅助训练` }, probe: `/api/v1/rehabilitation?resident_id=${c.w.disabled.id}` }),
  },
  'GET /api/v1/care/categories': { scope: 'none', shows: (side, text) => json(text)?.items?.length >= 10 },
  'GET /api/v1/care/archives': { ...LIST, req: broad('', `?place=${COMMUNITY.out}`) },
  'POST /api/v1/care/archives': {
    ok: 201,
    req: async (c) => {
      const id = c.allowed && (c.side === 'in' || coversOutside(c.role)) ? (await make.resident(c.side)).id : c.w.resident.id;
      return { body: { resident_id: id, category: 'dibao', fields: { monthly_amount: 820 } }, probe: `/api/v1/care/archives?resident=${id}` };
    },
  },
  'GET /api/v1/care/archives/{id}': { req: byId('archive') },
  'GET /api/v1/care/archives/import-template.xlsx': { scope: 'none', shows: (side, text) => text.includes('身份证号') },
  'POST /api/v1/care/archives/import': {
    // A file naming the side's resident in a category it has no archive of yet: inside, the
    // dry run passes (200); outside, the row is refused as out of scope (422), writing nothing.
    outside: 422,
    shows: false,
    req: (c) => ({ query: '?dry_run=true', raw: `身份证号,类别\n${c.w.residentIdNumber},低保边缘\n`, headers: { 'content-type': 'text/csv' }, probe: `/api/v1/care/archives?resident=${c.w.resident.id}` }),
  },
  'GET /api/v1/care/archives/export.xlsx': { ...LIST, req: broad('', `?place=${COMMUNITY.out}`) },
  'PATCH /api/v1/care/archives/{id}': { req: (c) => ({ params: { id: c.w.archive.id }, body: { review_on: '2027-06-30' }, probe: `/api/v1/care/archives/${c.w.archive.id}` }) },
  'POST /api/v1/care/archives/{id}/close': {
    req: async (c) => {
      const succeeds = c.allowed && (c.side === 'in' || coversOutside(c.role));
      const id = succeeds ? (await make.archive(c.side, undefined, 'dibao')).id : c.w.archive.id;
      return { params: { id }, body: { reason: `${MARK.in}关档` }, probe: `/api/v1/care/archives/${id}` };
    },
  },
  'GET /api/v1/care/visits': { ...LIST, req: broad('', `?place=${COMMUNITY.out}`) },
  'POST /api/v1/care/visits/{id}/record': {
    req: async (c) => {
      const succeeds = c.allowed && (c.side === 'in' || coversOutside(c.role));
      const visit = succeeds ? await make.visit(c.side) : c.w.visit;
      return { params: { id: visit.id }, body: { mode: 'phone', findings: { 身体状况: true }, note: `${MARK.in}走访`, needs: [{ what: `${MARK.in}送餐`, urgency: 'urgent' }] }, probe: `/api/v1/care/archives/${visit.archive_id}` };
    },
  },
  'GET /api/v1/care/visits/{id}': { req: (c) => ({ params: { id: c.w.recorded.id } }) },
  // At most three cells succeed on a side's visit (city administrator, community and grid worker):
  // within its six photos.
  'POST /api/v1/care/visits/{id}/photos': {
    ok: 201, shows: (side, text) => json(text)?.url?.startsWith(`/api/v1/care/visits/${W[side].recorded.id}/`),
    req: (c) => ({ params: { id: c.w.recorded.id }, raw: PNG, headers: { 'content-type': 'image/png' }, probe: `/api/v1/care/visits/${c.w.recorded.id}` }),
  },
  'GET /api/v1/care/visits/{id}/photos/{photo_id}': { shows: SAME_BYTES, req: (c) => ({ params: { id: c.w.recorded.id, photo_id: c.w.visitPhoto.id } }) },
  'POST /api/v1/care/visits/{id}/assign': { req: (c) => ({ params: { id: c.w.visit.id }, body: { assignee_id: null }, probe: `/api/v1/care/archives/${c.w.visit.archive_id}` }) },
  // 政策找人: the world's 85-year-olds are found by the job (advanced_age_allowance).
  'GET /api/v1/care/benefits': { scope: 'none', shows: (side, text) => json(text)?.items?.some((b) => b.code === 'advanced_age_allowance') },
  'GET /api/v1/care/findings': { ...LIST, req: broad('?benefit=advanced_age_allowance', `?place=${COMMUNITY.out}`) },
  'GET /api/v1/care/signals': { ...LIST, req: broad('', `?place=${COMMUNITY.out}`) },
  'GET /api/v1/care/signals/import-template.xlsx': { scope: 'none', shows: (side, text) => text.includes('来源部门') },
  'POST /api/v1/care/signals/import': {
    // A discharge of the side's resident: inside, imported and the rules re-run (200); outside,
    // the row is refused as out of scope (422), writing nothing.
    outside: 422,
    shows: false,
    req: (c) => ({ raw: `身份证号,信号,日期,来源部门\n${c.w.residentIdNumber},出院,2025-01-05,${MARK[c.side]}医院\n`, headers: { 'content-type': 'text/csv' }, probe: `/api/v1/care/signals?place=${COMMUNITY[c.side]}` }),
  },
  'POST /api/v1/care/findings/{id}/outcome': {
    req: async (c) => {
      const succeeds = c.allowed && (c.side === 'in' || coversOutside(c.role));
      const id = succeeds ? await make.finding(c.side) : c.w.finding;
      return { params: { id }, body: { status: 'declined', note: `${MARK.in}本人放弃` }, probe: `/api/v1/care/findings?place=${COMMUNITY[c.side]}&limit=200` };
    },
  },
  'GET /api/v1/care/compliance': { req: (c) => ({ query: `?place=${COMMUNITY[c.side]}` }), shows: (side, text) => text.includes(COMMUNITY[side]) },
  'GET /api/v1/care/needs': { ...LIST, req: broad('', `?place=${COMMUNITY.out}`) },
  'POST /api/v1/care/needs': { ok: 201, req: (c) => ({ body: { resident_id: c.w.resident.id, what: `${MARK[c.side]}登记需求`, urgency: 'low' }, probe: `/api/v1/care/needs?place=${COMMUNITY[c.side]}` }) },
  'POST /api/v1/care/needs/{id}/assign': { req: (c) => ({ params: { id: c.w.need.id }, body: { assignee_id: c.w.accountId }, probe: `/api/v1/care/needs?place=${COMMUNITY[c.side]}` }) },
  // Handed on as an event of the need's place (the roles holding care.visit also report events).
  'POST /api/v1/care/needs/{id}/refer': {
    req: async (c) => {
      const succeeds = c.allowed && (c.side === 'in' || coversOutside(c.role));
      const id = succeeds ? (await make.need(c.side)).id : c.w.need.id;
      return { params: { id }, body: { to: 'event', code: 'environment.garbage' }, probe: `/api/v1/care/needs?place=${COMMUNITY[c.side]}` };
    },
  },
  'POST /api/v1/care/needs/{id}/close': {
    req: async (c) => {
      const succeeds = c.allowed && (c.side === 'in' || coversOutside(c.role));
      const id = succeeds ? (await make.need(c.side)).id : c.w.need.id;
      return { params: { id }, body: { outcome: `${MARK.in}已办结` }, probe: `/api/v1/care/needs?place=${COMMUNITY[c.side]}` };
    },
  },
  'GET /api/v1/designation-kinds': { scope: 'none', shows: (side, text) => json(text)?.items?.length === 7 },
  'GET /api/v1/designations': { ...LIST, req: broad('?kind=child_friendly_community', `?place=${COMMUNITY.out}`) },
  'POST /api/v1/designations': {
    ok: 201,
    req: (c) => ({ body: { kind: 'child_friendly_community', place: COMMUNITY[c.side], title: `${MARK[c.side]}示范社区`, designated_on: '2024-06-01', approved_by: '市妇联', approval_level: 'city' }, probe: `/api/v1/designations?place=${COMMUNITY[c.side]}` }),
  },
  'GET /api/v1/designations/{id}': { req: byId('designation') },
  'POST /api/v1/designations/{id}/revoke': {
    req: async (c) => {
      const succeeds = c.allowed && (c.side === 'in' || coversOutside(c.role));
      const id = succeeds ? (await make.designation(c.side)).id : c.w.designation.id;
      return { params: { id }, body: { revoked_on: '2025-01-01', reason: `${MARK.in}撤销` }, probe: `/api/v1/designations/${id}` };
    },
  },
  'PUT /api/v1/designations/{id}/evidence': {
    req: async (c) => {
      const succeeds = c.allowed && (c.side === 'in' || coversOutside(c.role));
      const id = succeeds ? (await make.designation(c.side)).id : c.w.designation.id;
      return { params: { id }, query: `?name=${encodeURIComponent('命名文件.pdf')}`, raw: PDF, headers: { 'content-type': 'application/pdf' }, probe: `/api/v1/designations/${id}` };
    },
  },
  'GET /api/v1/designations/{id}/evidence': { shows: (side, text) => text.startsWith('%PDF'), req: byId('designation') },

  // Community social organisations (decision 0045): by place for workers; the social_org account
  // reaches only its own organisation (the inside one), through /me/social-org.
  'GET /api/v1/social-org-categories': { scope: 'none', shows: (side, text) => json(text)?.items?.length === 5 },
  'GET /api/v1/social-orgs': { ...LIST, req: broad('?category=culture_sports', `?place=${COMMUNITY.out}`) },
  'POST /api/v1/social-orgs': {
    ok: 201,
    req: (c) => ({ body: socialOrgBody(c.side, `${MARK[c.side]}社会组织${unique()}`), probe: `/api/v1/social-orgs?place=${COMMUNITY[c.side]}` }),
  },
  'GET /api/v1/social-orgs/{id}': { req: byId('socialOrg') },
  'PUT /api/v1/social-orgs/{id}': {
    req: (c) => ({ params: { id: c.w.socialOrg.id }, body: socialOrgBody(c.side, `${MARK[c.side]}社会组织`), probe: `/api/v1/social-orgs/${c.w.socialOrg.id}` }),
  },
  'POST /api/v1/social-orgs/{id}/deregister': {
    req: async (c) => {
      const succeeds = c.allowed && (c.side === 'in' || coversOutside(c.role));
      const id = succeeds ? (await make.socialOrg(c.side)).id : c.w.socialOrg.id;
      return { params: { id }, body: { deregistered_on: TODAY, reason: `${MARK.in}注销` }, probe: `/api/v1/social-orgs/${id}` };
    },
  },
  'GET /api/v1/social-orgs/{id}/activities': { req: byId('socialOrg') },
  'POST /api/v1/social-orgs/{id}/activities': {
    ok: 201,
    req: (c) => ({ params: { id: c.w.socialOrg.id }, body: { title: `${MARK[c.side]}活动`, held_on: TODAY, served: 3 }, probe: `/api/v1/social-orgs/${c.w.socialOrg.id}/activities` }),
  },
  'GET /api/v1/me/social-org': { scope: 'none', shows: (side, text) => json(text)?.id === W.in.socialOrg.id },
  'POST /api/v1/me/social-org/activities': {
    scope: 'none', ok: 201, shows: (side, text) => json(text)?.organisation_id === W.in.socialOrg.id,
    req: () => ({ body: { title: `${MARK.in}本组织活动`, held_on: TODAY, served: 4 } }),
  },

  // Incubation (decision 0045): applications of the side's organisations to the side's base;
  // each step moves a fresh application (or the world's, refused).
  'GET /api/v1/incubations': { ...LIST, req: broad('', '?status=applied') },
  'POST /api/v1/incubations': {
    ok: 201,
    req: async (c) => ({ body: { organisation_id: c.allowed ? (await make.socialOrg(c.side)).id : c.w.socialOrg.id, base_id: c.w.base.id, applied_on: TODAY }, probe: '/api/v1/incubations' }),
  },
  'GET /api/v1/incubations/{id}': { req: byId('incubation') },
  'POST /api/v1/incubations/{id}/start': {
    req: async (c) => {
      const succeeds = c.allowed && (c.side === 'in' || coversOutside(c.role));
      const id = succeeds ? (await make.incubation(c.side)).id : c.w.incubation.id;
      return { params: { id }, body: { started_on: TODAY }, probe: `/api/v1/incubations/${id}` };
    },
  },
  // The world's application is not incubating yet: graduating it is refused (409) where reached.
  'POST /api/v1/incubations/{id}/graduate': {
    ok: 409, shows: false,
    req: (c) => ({ params: { id: c.w.incubation.id }, body: { ended_on: TODAY }, probe: `/api/v1/incubations/${c.w.incubation.id}` }),
  },
  'POST /api/v1/incubations/{id}/withdraw': {
    req: async (c) => {
      const succeeds = c.allowed && (c.side === 'in' || coversOutside(c.role));
      const id = succeeds ? (await make.incubation(c.side)).id : c.w.incubation.id;
      return { params: { id }, body: { ended_on: TODAY }, probe: `/api/v1/incubations/${id}` };
    },
  },
  // Social work (socialwork.read / .manage / .record; decision 0046). Workers are scoped by
  // their facility's place (the world's are at the community's room), records by their
  // community. A station is a town's: a community worker does not reach it (404).
  'GET /api/v1/social-workers': { ...LIST, req: broad('?include_left=true', `?place=${COMMUNITY.out}`) },
  'POST /api/v1/social-workers': {
    ok: 201,
    req: (c) => ({ body: { name: `${MARK[c.side]}新社工`, certificate_level: 'assistant', certificate_number: `MXN-${unique()}`.slice(0, 32), facility_id: c.w.swRoom.id, started_on: '2024-02-01' }, probe: `/api/v1/social-workers?place=${COMMUNITY[c.side]}&include_left=true` }),
  },
  // The matrix's accounts are bound to no social worker: an empty list.
  'GET /api/v1/social-workers/mine': { scope: 'none', shows: false },
  'GET /api/v1/social-workers/{id}': { req: byId('swWorker') },
  'POST /api/v1/social-workers/{id}/leave': {
    req: async (c) => {
      const succeeds = c.allowed && (c.side === 'in' || coversOutside(c.role));
      const id = succeeds ? (await make.swWorker(c.side)).id : c.w.swWorker.id;
      return { params: { id }, body: { ended_on: TODAY }, probe: `/api/v1/social-workers/${id}` };
    },
  },
  'GET /api/v1/social-work/records': { ...LIST, req: broad('', `?place=${COMMUNITY.out}`) },
  'POST /api/v1/social-work/records': {
    ok: 201,
    req: (c) => ({ body: { worker_id: c.w.swWorker.id, community: COMMUNITY[c.side], served_on: TODAY, method: 'group', people_served: 6, summary: `${MARK[c.side]}小组服务` }, probe: `/api/v1/social-work/records?place=${COMMUNITY[c.side]}` }),
  },
  'GET /api/v1/social-work/stations/{facility_id}/reach': {
    expect: (role, side) => (role === 'community_worker' && side === 'in' ? 404 : undefined),
    req: (c) => ({ params: { facility_id: c.w.swStation.id } }),
  },
  'PUT /api/v1/social-work/stations/{facility_id}/reach': {
    req: (c) => ({ params: { facility_id: c.w.swStation.id }, body: { communities: [COMMUNITY[c.side]] }, probe: `/api/v1/social-work/stations/${c.w.swStation.id}/reach` }),
  },
  'GET /api/v1/social-work/coverage': { req: (c) => ({ query: `?place=${COMMUNITY[c.side]}` }) },

  // Funding per project (indicators.read / indicators.report).
  'GET /api/v1/funded-projects': { ...LIST, req: broad('?year=2025', `?place=${COMMUNITY.out}`) },
  'POST /api/v1/funded-projects': { ok: 201, req: (c) => ({ body: { name: `${MARK[c.side]}项目${unique()}`, department: DEPARTMENT, task: 'A4', place: COMMUNITY[c.side], amount: 50000, source: 'government_purchase', year: 2025 }, probe: `/api/v1/funded-projects?place=${COMMUNITY[c.side]}` }) },
  'DELETE /api/v1/funded-projects/{id}': {
    ok: 204, shows: false,
    req: async (c) => {
      const succeeds = c.allowed && (c.side === 'in' || coversOutside(c.role));
      const id = succeeds ? (await make.project(c.side)).id : c.w.project.id;
      return { params: { id }, probe: `/api/v1/funded-projects?place=${COMMUNITY[c.side]}` };
    },
  },

  // Community charity (charity.read / charity.manage / charity.approve; decision 0048).
  'GET /api/v1/charity-funds': { ...LIST, req: broad('', `?place=${COMMUNITY.out}`) },
  'POST /api/v1/charity-funds': { ok: 201, req: (c) => ({ body: { community: COMMUNITY[c.side], name: `${MARK[c.side]}基金${unique()}`.slice(0, 60), opened_on: '2024-01-01', managing_organisation: `${MARK[c.side]}居委会` }, probe: `/api/v1/charity-funds?place=${COMMUNITY[c.side]}` }) },
  // Every fund in the caller's scope, recomputed: no place in the request.
  'GET /api/v1/charity-funds/verify': { scope: 'none' },
  'GET /api/v1/charity-funds/{id}': { req: byId('fund') },
  // The ledger's entries name their fund, not a place.
  'GET /api/v1/charity-funds/{id}/ledger': { req: byId('fund'), shows: (side, text) => json(text)?.items?.[0]?.fund_id === W[side].fund.id },
  'POST /api/v1/charity-funds/{id}/ledger/{entry}/reversal': {
    ok: 201,
    req: async (c) => {
      const succeeds = c.allowed && (c.side === 'in' || coversOutside(c.role));
      const fund = succeeds ? await make.fund(c.side) : c.w.fund;
      if (succeeds) await make.donation(c.side, fund.id);
      const ledger = await ok('GET', `/api/v1/charity-funds/${fund.id}/ledger`);
      return { params: { id: fund.id, entry: ledger.items[0].id }, body: { reason: `${MARK[c.side]}冲正` }, probe: `/api/v1/charity-funds/${fund.id}/ledger` };
    },
  },
  'GET /api/v1/charity-donations': { req: (c) => ({ query: `?fund=${c.w.fund.id}` }) },
  'POST /api/v1/charity-donations': { ok: 201, req: (c) => ({ body: { fund_id: c.w.fund.id, kind: 'money', amount_fen: 100, donor_name: `${MARK[c.side]}捐赠人`.slice(0, 60), donated_on: '2024-06-02' }, probe: `/api/v1/charity-donations?fund=${c.w.fund.id}` }) },
  'GET /api/v1/charity-needs': { ...LIST, req: broad('', `?place=${COMMUNITY.out}`) },
  'POST /api/v1/charity-needs': { ok: 201, req: (c) => ({ body: { community: COMMUNITY[c.side], title: `${MARK[c.side]}慈善需求${unique()}`.slice(0, 60), description: MARK[c.side], amount_fen: 1000 }, probe: `/api/v1/charity-needs?place=${COMMUNITY[c.side]}` }) },
  'POST /api/v1/charity-needs/{id}/close': {
    req: async (c) => {
      const succeeds = c.allowed && (c.side === 'in' || coversOutside(c.role));
      const id = succeeds ? (await make.charityNeed(c.side)).id : c.w.charityNeed.id;
      return { params: { id }, probe: `/api/v1/charity-needs?place=${COMMUNITY[c.side]}` };
    },
  },
  'GET /api/v1/charity-disbursements': { ...LIST, req: broad('', '?status=pending') },
  'POST /api/v1/charity-disbursements': { ok: 201, req: (c) => ({ body: { fund_id: c.w.fund.id, purpose: `${MARK[c.side]}用途${unique()}`.slice(0, 100), amount_fen: 100 }, probe: `/api/v1/charity-disbursements?fund=${c.w.fund.id}` }) },
  'POST /api/v1/charity-disbursements/{id}/approve': { req: async (c) => charityDecision(c) },
  'POST /api/v1/charity-disbursements/{id}/reject': { req: async (c) => charityDecision(c) },
  // The public disclosure: any fund, no sign-in; donors masked, so the marker shows only in the
  // fund's own names.
  'GET /api/v1/public/charity-funds/{id}': { ...PUBLIC, req: () => ({ params: { id: W.in.fund.id } }) },

  // Facilities and life circles.
  'GET /api/v1/facility-types': { scope: 'none' },
  'GET /api/v1/facilities': { ...LIST, shows: showsUnlessGridWorker, req: broad(`?q=${RUN}&limit=200`, `?division=${COMMUNITY.out}&limit=200`) },
  // A community outside the caller's manage scope is a 422 on `community_code` (docs/api.md).
  'POST /api/v1/facilities': {
    ok: 201, outside: 422, expect: COMMUNITY_LEVEL(422),
    req: (c) => {
      const name = `${MARK[c.side]}新设施${unique()}`;
      return { body: { community_code: COMMUNITY[c.side], type: 'elderly_day_care', name, lat: 32.39, lon: 119.43, floor_area: 500, service_area: 300 }, probe: `/api/v1/facilities?q=${encodeURIComponent(name)}` };
    },
  },
  'GET /api/v1/facilities/{id}': { expect: COMMUNITY_LEVEL(404), req: byId('facility') },
  'PATCH /api/v1/facilities/{id}': { expect: COMMUNITY_LEVEL(404), req: (c) => ({ params: { id: c.w.facility.id }, body: { capacity: 10 }, probe: `/api/v1/facilities/${c.w.facility.id}` }) },
  'DELETE /api/v1/facilities/{id}': {
    ok: 204, shows: false, expect: COMMUNITY_LEVEL(404),
    req: async (c) => {
      const id = c.allowed ? (await make.facility(c.side)).id : c.w.facility.id;
      return { params: { id }, probe: `/api/v1/facilities/${id}` };
    },
  },
  'GET /api/v1/facilities/import-template.xlsx': { scope: 'none' },
  'POST /api/v1/facilities/import': {
    outside: 422, shows: (side, text) => json(text)?.imported === 1,
    req: (c) => {
      const name = `${MARK[c.side]}导入设施${unique()}`;
      const csv = `设施名称,设施类型,社区代码,纬度,经度,建筑面积,服务活动面积\n${name},elderly_day_care,${COMMUNITY[c.side]},32.39,119.43,500,300\n`;
      return { raw: csv, headers: { 'content-type': 'text/csv' }, probe: `/api/v1/facilities?q=${encodeURIComponent(name)}` };
    },
  },
  'GET /api/v1/facilities/export.xlsx': { ...LIST, shows: showsUnlessGridWorker, req: broad('', `?division=${COMMUNITY.out}`) },
  'GET /api/v1/facility-standards': { req: (c) => ({ query: `?division=${COMMUNITY[c.side]}&depth=0` }) },
  'GET /api/v1/residential-complexes': { ...LIST, shows: showsUnlessGridWorker, req: broad('?division=3210', `?division=${COMMUNITY.out}`) },
  'POST /api/v1/residential-complexes': {
    ok: 201, outside: 422, expect: COMMUNITY_LEVEL(422),
    req: (c) => ({ body: { community_code: COMMUNITY[c.side], name: `${MARK[c.side]}新小区${unique()}`, total_floor_area: 1000, supporting_room_area: 10, community_area: 500, commerce_service_area: 60 }, probe: `/api/v1/residential-complexes?division=${COMMUNITY[c.side]}` }),
  },
  'GET /api/v1/circles': { scope: 'none' },
  'POST /api/v1/circles/compute': { scope: 'none' },
  'GET /api/v1/circles/coverage': { shows: showsUnlessGridWorker, req: (c) => ({ query: `?division=${COMMUNITY[c.side]}` }) },
  'GET /api/v1/circles/{code}/gaps': { shows: showsUnlessGridWorker, req: (c) => ({ params: { code: 'childcare_5min' }, query: `?division=${COMMUNITY[c.side]}` }) },
  'GET /api/v1/circles/{code}/gaps.geojson': { shows: showsUnlessGridWorker, req: (c) => ({ params: { code: 'childcare_5min' }, query: `?division=${COMMUNITY[c.side]}` }) },
  // The answer names sites (buildings and nodes), not places.
  'POST /api/v1/circles/{code}/siting': { shows: false, req: (c) => ({ params: { code: 'childcare_5min' }, body: { division: COMMUNITY[c.side], k: 1 } }) },
  // No walking network is loaded in the test databases: the list is empty.
  'GET /api/v1/walking-network': { ...LIST, shows: false },
  // An upload that is no OSM file (400 on `file`): the matrix must not replace the network other
  // suites compute with. Outside the caller's scope the area is not there (404).
  'POST /api/v1/walking-network': { ok: 400, req: (c) => ({ query: `?area=${TOWN[c.side]}`, raw: 'not osm', headers: { 'content-type': 'application/xml' } }) },
};

// The cell of an `across` request, made on the inside.
const inside = (c) => ({ ...c, side: 'in', w: W.in });

// A fresh pending disbursement (asked by the administrator who made the world, so that no cell's
// account decides its own request) where the cell succeeds; the world's otherwise.
async function charityDecision(c) {
  const succeeds = c.allowed && (c.side === 'in' || coversOutside(c.role));
  const id = succeeds ? (await make.disbursement(c.side, c.w.fund.id)).id : c.w.disbursement.id;
  return { params: { id }, body: { note: `${MARK.in}审批` }, probe: `/api/v1/charity-disbursements?fund=${c.w.fund.id}` };
}

async function accountCell(c) {
  const username = c.allowed ? await make.account(c.side) : W[c.side].account;
  return { params: { username }, probe: `/api/v1/accounts?q=${username}` };
}

async function freshResident(c) {
  const id = c.allowed ? (await make.resident(c.side)).id : c.w.resident.id;
  return { params: { id }, probe: `/api/v1/residents/${id}` };
}

// ---------------------------------------------------------------------------------------------
function expectedStatus(route, fixture, role, side) {
  const override = fixture.expect?.(role, side);
  if (override !== undefined && !(role === 'anonymous' && route.permission)) return override;
  if (!route.permission) return fixture.ok ?? 200;
  if (role === 'anonymous') return 401;
  const permissions = W.accounts[role].permissions;
  if (!permissions.has(route.permission)) return 403;
  if (fixture.needs && !fixture.needs.some((p) => permissions.has(p))) return 403;
  if (side === 'across') return coversOutside(role) ? fixture.across.admin ?? fixture.ok ?? 200 : fixture.across.status ?? 404;
  if (side === 'out' && fixture.scope !== 'none' && !coversOutside(role)) return fixture.outside ?? 404;
  return fixture.ok ?? 200;
}

function fillPattern(pattern, params = {}) {
  return pattern.replace(/\{([^}]+)\}/g, (_, name) => {
    assert.ok(params[name] !== undefined, `fixture gives no value for {${name}}`);
    return encodeURIComponent(String(params[name]));
  });
}

// The patterns nothing of the outside may match in the answer of a role that does not cover it.
function leaks(fixture, text) {
  const patterns = [MARK.out, DIVISION_CODES, ...(fixture.forbid ?? [])];
  return patterns
    .map((p) => (typeof p === 'function' ? p() : p))
    .filter((p) => (typeof p === 'string' ? text.includes(p) : p.test(text)))
    .map(String);
}

function shows(side, text) {
  const codes = new RegExp(`"(code|division_code|community_code|place_code|scope_code|grid_code|area_code)":"${COUNTY[side]}`);
  return text.includes(MARK[side]) || codes.test(text) || new RegExp(`^${COUNTY[side]}`, 'm').test(text);
}

// What a probe shows of the outside: a list's items that show the outside record (the other
// roles' allowed writes inside run at the same time and may add inside items to the same list);
// any other answer whole.
function outsideView(text) {
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return text;
  }
  if (!Array.isArray(body?.items)) return text;
  return JSON.stringify(body.items.filter((item) => shows('out', JSON.stringify(item))));
}

async function runCell(route, fixture, role, side) {
  const expected = expectedStatus(route, fixture, role, side);
  const acct = W.accounts[role];
  const allowed = expected !== 401 && expected !== 403;
  const build = side === 'across' ? fixture.across.req : fixture.req;
  const cell = (await build?.({ role, side, w: W[side] ?? W.in, acct, allowed })) ?? {};
  if (cell.skip) return { skipped: `${role} ${side}: ${cell.skip}` };
  const path = fillPattern(route.pattern, cell.params) + (cell.query ?? '');
  const write = route.method !== 'GET';
  const probe = write && cell.probe && side !== 'in' && expected >= 400 && expected !== 401 && expected !== 403 ? cell.probe : null;
  const before = probe ? outsideView((await send('GET', probe, { token: await admin() })).text) : null;
  const token = 'token' in cell ? cell.token : acct?.token;
  const res = await send(route.method, path, { token, body: cell.body, raw: cell.raw, headers: cell.headers, form: cell.form });
  const problems = [];
  if (res.status !== expected) problems.push(`expected ${expected}, got ${res.status}: ${res.text.slice(0, 300)}`);
  if (!coversOutside(role)) {
    const found = leaks(fixture, res.text);
    if (found.length) problems.push(`shows what lies outside its scope (${found.join(', ')})`);
  }
  if (role === 'department_officer' && res.text.includes(OTHER_DEPARTMENT)) {
    problems.push('a department officer sees an escalation to another department');
  }
  // The fixture is real: an answer that succeeds shows the side's record (the city administrator
  // sees the outside one), so the absence of the outside elsewhere means something.
  const reaches = side === 'in' || coversOutside(role);
  const succeeded = res.status >= 200 && res.status < 300 && res.status === expected;
  const check = typeof fixture.shows === 'function' ? fixture.shows : (s, text) => shows(s, text);
  if (reaches && succeeded && fixture.scope !== 'none' && route.permission && fixture.shows !== false && !check(side === 'across' ? 'out' : side, res.text, role)) {
    problems.push(`the answer does not show the ${side === 'in' ? 'inside' : 'outside'} record; fix the fixture or set shows: false with the reason`);
  }
  if (probe) {
    const after = outsideView((await send('GET', probe, { token: await admin() })).text);
    if (after !== before) problems.push(`the refused write changed ${probe}`);
  }
  return { problems: problems.map((p) => `${role} × ${side}: ${route.method} ${path}: ${p}`) };
}

test('the route table comes from the server and every fixture names a registered route', () => {
  assert.ok(ROUTES.length >= 100, `expected the full route table, got ${ROUTES.length}`);
  for (const route of ROUTES) assert.ok('permission' in route, JSON.stringify(route));
  const registered = new Set(ROUTES.map((r) => `${r.method} ${r.pattern}`));
  const stale = Object.keys(FIXTURES).filter((key) => !registered.has(key));
  assert.deepEqual(stale, [], 'fixtures for routes the server does not register');
});

for (const route of ROUTES) {
  const key = `${route.method} ${route.pattern}`;
  test(`matrix: ${key} (${route.permission ?? 'public'})`, async (t) => {
    const fixture = FIXTURES[key];
    assert.ok(fixture, `no fixture for ${key}: add one to FIXTURES in tests/api/authz-matrix.test.mjs (how to reach a record inside and outside each role's scope, and a valid body)`);
    const problems = [];
    const skipped = [];
    // A route that reaches no record of a place answers the same on both sides: one cell.
    const sides = fixture.scope === 'none' ? ['in'] : fixture.across ? [...SIDES, 'across'] : SIDES;
    const runRole = async (role) => {
      for (const side of sides) {
        const result = await runCell(route, fixture, role, side);
        if (result.skipped) skipped.push(result.skipped);
        problems.push(...(result.problems ?? []));
      }
    };
    // The city administrator first and alone: its writes outside succeed. The other roles then
    // run side by side; none of their writes may change an outside record, so the before/after
    // reads of one cell cannot be disturbed by another's, unless the matrix has found a bug.
    await runRole('city_admin');
    await Promise.all(ROLES.filter((role) => role !== 'city_admin').map(runRole));
    problems.sort();
    if (skipped.length) t.diagnostic(`skipped: ${skipped.join('; ')}`);
    assert.deepEqual(problems, [], `${problems.length} cells differ:\n${problems.join('\n')}`);
  });
}
