// The photos of a report kept offline (待发送), by the report's idempotency key, in this
// browser's IndexedDB (localStorage holds text only). Each photo is kept as its Blob with its
// name and type until the report and its photos have been sent, or the entry is removed.
// Without IndexedDB (a private window of some browsers) every call rejects and the caller keeps
// the report without its photos, saying so.

const DB_NAME = 'linli-outbox'
const STORE = 'photos'

function openDb(factory = globalThis.indexedDB) {
  return new Promise((resolve, reject) => {
    if (!factory) {
      reject(new Error('IndexedDB is not available'))
      return
    }
    const request = factory.open(DB_NAME, 1)
    request.onupgradeneeded = () => request.result.createObjectStore(STORE)
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

async function run(mode, work) {
  const db = await openDb()
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode)
      const result = work(tx.objectStore(STORE))
      tx.oncomplete = () => resolve(result?.result)
      tx.onerror = () => reject(tx.error)
      tx.onabort = () => reject(tx.error)
    })
  } finally {
    db.close()
  }
}

/** Keeps the files of the report `key` ([{name, type, blob}]). */
export async function keepPhotos(key, files) {
  const photos = [...files].map((f) => ({ name: f.name, type: f.type, blob: f }))
  await run('readwrite', (store) => store.put(photos, key))
  return photos.length
}

/** The kept photos of `key` as Files (none: []). */
export async function keptPhotos(key) {
  const photos = (await run('readonly', (store) => store.get(key))) || []
  return photos.map((p) => new File([p.blob], p.name, { type: p.type }))
}

/** Forgets the photos of `key`. */
export async function dropPhotos(key) {
  await run('readwrite', (store) => store.delete(key))
}
