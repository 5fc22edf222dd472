// Photos chosen on a phone or a desk (event reports, care visits): JPEG or PNG, at most 5 MB each,
// at most `max` — the same limits the server checks by the bytes (events, care visits).
export const PHOTO_TYPES = ['image/jpeg', 'image/png']
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024

/** The first problem of the chosen files as {key, params} for t() (photos.*), or null. */
export function photoProblem(files, max) {
  const bad = files.find((f) => !PHOTO_TYPES.includes(f.type))
  if (bad) return { key: 'photos.type', params: { name: bad.name } }
  const big = files.find((f) => f.size > MAX_PHOTO_BYTES)
  if (big) return { key: 'photos.size', params: { name: big.name } }
  if (files.length > max) return { key: 'photos.count', params: { n: max } }
  return null
}
