// GET /api/v1/care/compliance?place= and GET /api/v1/care/visits?place= for every community of
// PLACES (twice each), p50/p99, beside GET /api/v1/divisions/{code} of the same places (the
// cached division tree). The visit list is paged (50 a page, the API's default): every page of
// a community's month is asked for in turn, following next_cursor, and each page is one sample.
// One request at a time, over keep-alive, signed in as USER.
const { BASE, USER, PASSWORD, PLACES, MONTH } = process.env
const login = await fetch(`${BASE}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: USER, password: PASSWORD }) })
if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`)
const { token } = await login.json()
const places = PLACES.split(',')
async function timed(path) {
  const start = process.hrtime.bigint()
  const res = await fetch(BASE + path, { headers: { authorization: `Bearer ${token}` } })
  const body = await res.text()
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`)
  return { ms, body }
}
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] }
const compliance = []
const visits = []
const floor = []
let listed = 0
for (let round = 0; round < 2; round++) {
  for (const place of places) {
    compliance.push((await timed(`/api/v1/care/compliance?place=${place}&month=${MONTH}`)).ms)
    let cursor = null
    do {
      const { ms, body } = await timed(`/api/v1/care/visits?place=${place}&month=${MONTH}${cursor ? `&cursor=${cursor}` : ''}`)
      visits.push(ms)
      const page = JSON.parse(body)
      listed += page.items.length
      cursor = page.next_cursor
    } while (cursor)
    floor.push((await timed(`/api/v1/divisions/${place}`)).ms)
  }
}
const f = (xs) => `p50 ${pct(xs, 50).toFixed(1)} ms, p99 ${pct(xs, 99).toFixed(1)} ms`
console.log(`care pages, ${places.length} communities × 2: compliance ${f(compliance)} · visit list ${f(visits)} (${visits.length} pages, ${listed} visits listed) · GET /api/v1/divisions/{code} ${f(floor)} · goal p99 < 50 ms`)
