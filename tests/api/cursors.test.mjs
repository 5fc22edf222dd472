// Every cursor-paged list answers a malformed cursor with a 400 naming the field `cursor`, in
// the one error envelope: a cursor that is not base64url, one whose key is not a number where
// the list is ordered by id, one that is not UTF-8 text where it is ordered by a code or a name.
// Against docs/api.md (lists use cursor pagination; the cursor is opaque).
import { test } from 'node:test';
import { call, admin, assertError } from './lib.mjs';

const NOT_BASE64 = 'a*b';
const NOT_A_NUMBER = 'YWJj'; // "abc"
const NOT_TEXT = '__4'; // the bytes ff fe

const LISTS = [
  // [path, a malformed key for its order]
  ['/api/v1/accounts', NOT_TEXT],
  ['/api/v1/divisions?q=%E7%A4%BE%E5%8C%BA', NOT_TEXT],
  ['/api/v1/divisions/3210/unresolved', NOT_TEXT],
  ['/api/v1/grids', NOT_TEXT],
  ['/api/v1/residents', NOT_A_NUMBER],
  ['/api/v1/residents?sort=name', NOT_A_NUMBER],
  ['/api/v1/buildings', NOT_A_NUMBER],
  ['/api/v1/events', NOT_A_NUMBER],
  ['/api/v1/notifications', NOT_A_NUMBER],
  ['/api/v1/service-items', NOT_TEXT],
  ['/api/v1/service-requests', NOT_A_NUMBER],
  ['/api/v1/facilities', NOT_A_NUMBER],
  ['/api/v1/circles/coverage?division=3210', NOT_TEXT],
  ['/api/v1/care/visits', NOT_TEXT],
];

test('a malformed cursor is a 400 naming the field cursor on every paged list', async () => {
  const token = await admin();
  for (const [path, key] of LISTS) {
    const join = path.includes('?') ? '&' : '?';
    for (const cursor of [NOT_BASE64, key]) {
      const res = await call('GET', `${path}${join}cursor=${cursor}`, { token });
      assertError(res, 400, 'invalid_argument', 'cursor');
    }
  }
});
