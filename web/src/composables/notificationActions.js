// Marking notifications read, as the bell and 消息中心 both do: one (once; the unread count goes
// down) or all of them (every shown one marked, the count to 0). `items` and `unread` are refs of
// the caller's list and count; a failure's text goes to `error`.
import { errorText } from '../api/client.js'
import { markNotificationRead, markAllNotificationsRead } from '../api/notifications.js'

export function useNotificationActions({ items, unread, error, t }) {
  async function markRead(item) {
    if (item.read_at) return
    try {
      await markNotificationRead(item.id)
      item.read_at = Date.now()
      unread.value = Math.max(0, unread.value - 1)
    } catch (e) {
      error.value = errorText(e, t)
    }
  }
  async function markAll() {
    try {
      await markAllNotificationsRead()
      for (const item of items.value) item.read_at = item.read_at || Date.now()
      unread.value = 0
    } catch (e) {
      error.value = errorText(e, t)
    }
  }
  return { markRead, markAll }
}
