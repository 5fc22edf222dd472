// 待发送: writes made while the network was down, kept in this browser until they are sent.
//
// Today it holds event reports (the grid worker's 上报 from a phone). Each entry keeps the body
// and the idempotency key of its form, so that sending it again — after a lost answer, a reload,
// or a second tab — files one event, never two. `flush()` sends the entries in order when the
// network is back (the `online` event, the app's start, a retry): an entry the server accepts
// leaves the queue; one it refuses (a 4xx: the category was retired, the place left the scope)
// stays with the reason, to be removed by the user; a network failure stops the round. Entries
// are kept per account in localStorage (what the form held, nothing more) and wait for that
// account's next sign-in on this device when it signs out before they are sent.
import { defineStore } from 'pinia'
import { reportEvent } from '../api/events.js'
import { errorText } from '../api/client.js'

const PREFIX = 'linli.outbox.'
const SENDERS = { event: (entry) => reportEvent(entry.body, entry.key) }

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
    add(kind, body, key, label) {
      this.entries = [...this.entries, { kind, body, key, label, created_at: Date.now() }]
      writeEntries(this.username, this.entries)
    },
    remove(key) {
      this.entries = this.entries.filter((e) => e.key !== key)
      writeEntries(this.username, this.entries)
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
