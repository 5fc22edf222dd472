// What the SMS delivery log on the jobs page shows, apart from the page: the statuses in order
// with the colour of their tag, the notification kinds in words, and each message's outcome
// (sent when, tried again when, or why it failed).
import { formatTime } from '../../composables/dates.js'

export const SMS_STATUSES = ['queued', 'sent', 'failed', 'no_phone']

/** The Element Plus tag type of a status. */
export const SMS_STATUS_TAG = { queued: 'warning', sent: 'success', failed: 'danger', no_phone: 'info' }

/** A notification kind in words (assignment → 分派), or the kind itself when it has none. */
export function smsKindText(t, kind) {
  const key = `jobs.sms.kinds.${kind}`
  const text = t(key)
  return text === key ? kind : text
}

/** The outcome column: 已发送 time / 下次尝试 time (and why the last failed) / why it failed. */
export function smsOutcomeText(t, message) {
  if (!message) return '—'
  switch (message.status) {
    case 'sent':
      return t('jobs.sms.sentAt', { time: formatTime(message.sent_at) })
    case 'queued': {
      const next = t('jobs.sms.nextAt', { time: formatTime(message.next_attempt_at) })
      return message.last_error ? `${next} · ${message.last_error}` : next
    }
    default:
      return message.last_error || '—'
  }
}
