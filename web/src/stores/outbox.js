// 待发送: writes made while the network was down, kept in this browser until they are sent.
//
// Today it holds event reports (the grid worker's 上报 from a phone). Each entry keeps the body
// and the idempotency key of its form, so that sending it again — after a lost answer, a reload,
// or a second tab — files one event, never two; the report's photos wait in IndexedDB
// (outboxPhotos.js) and follow the report, each sent once (`photos_sent` counts them). `flush()` sends the entries in order when the
// network is back (the `online` event, the app's start, a retry): an entry the server accepts
// leaves the queue; one it refuses (a 4xx: the category was retired, the place left the scope)
// stays with the reason, to be removed by the user; a network failure stops the round. Entries
// are kept per account in localStorage (what the form held, nothing more) and wait for that
// account's next sign-in on this device when it signs out before they are sent.
import { defineStore } from 'pinia'
import { reportEvent, uploadPhoto } from '../api/events.js'
import { errorText } from '../api/client.js'
import { keptPhotos, dropPhotos } from './outboxPhotos.js'

const PREFIX = 'linli.outbox.'

/**
 * The sender of a queued event report: the report (its key makes the server answer the same
 * event again), then its kept photos from the first not sent yet, `entry.photos_sent` counting
 * them as they go so that a round cut short resumes after the last one sent; the kept photos
 * are dropped once all are sent. Photos that can no longer be read are given up (the report
 * still goes).
 */
export function eventSender({ report = reportEvent, upload = uploadPhoto, load = keptPhotos, drop = dropPhotos } = {}) {
  return async (entry) => {
    const created = await report(entry.body, entry.key)
    if (entry.photos) {
      const files = await load(entry.key).catch(() => [])
      for (let i = entry.photos_sent || 0; i < files.length; i++) {
        await upload(created.id, files[i])
        entry.photos_sent = i + 1
      }
      await drop(entry.key).catch(() => {})
    }
    return created
  }
}

const SENDERS = { event: eventSender() }

const storageKey = (username) => PREFIX + (username || 'anonymous')

export function readEntries(username, storage = globalThis.localStorage) {
  try {
    const parsed = JSON.parse(storage?.getItem(storageKey(username)) || '[]')
    return Array.isArray(parsed) ? parsed : []
  } catch {
    return []
  }
}

export function writeEntries(username, entries, storage = globalThis.localStorage) {
  if (!storage) return
  if (entries.length) storage.setItem(storageKey(username), JSON.stringify(entries))
  else storage.removeItem(storageKey(username))
}

/** True for a failure that says nothing reached the server (no answer at all). */
export const isNetworkError = (error) => error?.status === 0 || error?.code === 'network'

/**
 * Sends the entries in order through `senders` (kind → function(entry) → promise). Returns the
 * entries left (refused ones with `error`) and how many were sent; stops at a network failure.
 */
export async function sendEntries(entries, senders, describe = (e) => e?.message || String(e)) {
  const left = []
  let sent = 0
  let offline = false
  for (const entry of entries) {
    if (offline || entry.error) {
      left.push(entry)
      continue
    }
    try {
      await senders[entry.kind](entry)
      sent++
    } catch (error) {
      if (isNetworkError(error)) {
        offline = true
        left.push(entry)
      } else {
        left.push({ ...entry, error: describe(error) })
      }
    }
  }
  return { left, sent, offline }
}

export const useOutboxStore = defineStore('outbox', {
  state: () => ({ username: '', entries: [], sending: false }),
  getters: {
    count: (state) => state.entries.length,
  },
  actions: {
    /** Loads the signed-in account's queue (on sign-in and start). */
    open(username) {
      this.username = username || ''
      this.entries = readEntries(this.username)
    },
    /** Queues a write; `extra` holds what its sender needs (photos: how many were kept). */
    add(kind, body, key, label, extra = {}) {
      this.entries = [...this.entries, { kind, body, key, label, ...extra, created_at: Date.now() }]
      writeEntries(this.username, this.entries)
    },
    remove(key) {
      const entry = this.entries.find((e) => e.key === key)
      this.entries = this.entries.filter((e) => e.key !== key)
      writeEntries(this.username, this.entries)
      if (entry?.photos) dropPhotos(key).catch(() => {})
    },
    /** Sends what waits; returns how many were sent. `t` words refusals. */
    async flush(t) {
      if (this.sending || !this.entries.length) return 0
      this.sending = true
      try {
        const snapshot = this.entries
        const { left, sent } = await sendEntries(snapshot, SENDERS, (e) => (t ? errorText(e, t) : e?.message))
        // Entries queued while this round was sending wait for the next.
        const added = this.entries.filter((e) => !snapshot.includes(e))
        this.entries = [...left, ...added]
        writeEntries(this.username, this.entries)
        return sent
      } finally {
        this.sending = false
      }
    },
  },
})
