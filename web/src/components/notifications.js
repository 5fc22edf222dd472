// The notification bell's pure helper (components/NotificationBell.vue).

/**
 * Where a notification's link leads in the app. The server links each recipient to a page
 * they can open (a department officer to /escalations/{id}, never to the event); the client
 * only refuses what is not a path of this app.
 */
export function notificationTarget(link) {
  if (!link || typeof link !== 'string') return null
  return link.startsWith('/') && !link.startsWith('//') ? link : null
}
