// The SMS delivery log (docs/api.md "SMS delivery log", permission jobs.manage): the outgoing
// text messages with their status, attempts and last error — never the phone or the text.
import { api } from './client.js'

/**
 * { items: [SmsMessage], next_cursor, counts: {queued, sent, failed, no_phone}, gateway: 'http'|'log' },
 * newest first; `status` narrows to one status ('' = all).
 */
export const listSmsMessages = ({ status, limit = 20, cursor } = {}) =>
  api.get('/api/v1/sms/messages', { query: { status: status || undefined, limit, cursor } })
