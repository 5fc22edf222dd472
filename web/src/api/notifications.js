// In-app notifications (the bell): docs/api.md "Notifications (signed in)".
import { api } from './client.js'

export const listNotifications = ({ unread, limit = 10, cursor } = {}) =>
  api.get('/api/v1/notifications', { query: { unread: unread ? 1 : undefined, limit, cursor } })
export const markNotificationRead = (id) => api.post(`/api/v1/notifications/${encodeURIComponent(id)}/read`)
export const markAllNotificationsRead = () => api.post('/api/v1/notifications/read-all')
