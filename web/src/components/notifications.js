// The notification bell's pure helper (components/NotificationBell.vue).

// The page of each subject a notification can be about (docs/api.md, "Notifications"): the
// server names what a notification is about (subject_type, subject_id); the app decides where
// that is. A new kind of subject (a visit, a care order, a volunteer task) adds its page here.
// The server sends a notification only to accounts that may read its subject.
const SUBJECT_PAGES = {
  event: 'event', // /events/:id
  escalation: 'escalation', // /escalations/:id (a department officer's view of the whistle)
  mandatory_report: 'care-mandatory-report', // /care/mandatory-reports/:id (强制报告, care.minors)
  application: 'care-application', // /care/applications/:id (救助申请, care.read)
}

/**
 * Where a notification leads in the app: the page of its subject, as a route of this app's
 * router; null when it is about nothing the recipient can open (a department only copied).
 * A subject this app does not know yet, or a server that sends no subject, falls back to the
 * notification's `link` (a path of this app; anything else is refused).
 */
export function notificationTarget(notification) {
  if (!notification || typeof notification !== 'object') return null
  const { subject_type: type, subject_id: id } = notification
  if (type != null && Object.hasOwn(SUBJECT_PAGES, type)) {
    if (!Number.isSafeInteger(id) || id <= 0) return null
    return { name: SUBJECT_PAGES[type], params: { id: String(id) } }
  }
  return linkTarget(notification.link)
}

/** A path of this app, or null (other sites and protocol-relative links are refused). */
export function linkTarget(link) {
  if (!link || typeof link !== 'string') return null
  return link.startsWith('/') && !link.startsWith('//') ? link : null
}
