// What the scheduled jobs page shows, apart from the page: the schedule in words, the last
// run's result and times in Beijing time.
import { formatTime } from '../../composables/dates.js'

/** The schedule in words: 每 5 分钟 / 每天 02:30 / 每月 1 日 00:10 (China time). */
export function scheduleText(t, schedule) {
  if (!schedule) return '—'
  switch (schedule.kind) {
    case 'every': return t('jobs.schedule.every', { minutes: schedule.every_minutes })
    case 'daily': return t('jobs.schedule.daily', { time: schedule.time })
    case 'monthly': return t('jobs.schedule.monthly', { day: schedule.day_of_month, time: schedule.time })
    default: return schedule.kind || '—'
  }
}

/** 'running' | 'never' | 'ok' | 'failed': the state the result column shows. */
export function resultOf(job) {
  if (job?.running) return 'running'
  if (!job?.last_run) return 'never'
  return job.last_run.ok ? 'ok' : 'failed'
}

/** Duration in words: 850 毫秒 / 12.3 秒 / 4.0 分钟. */
export function durationText(t, ms) {
  if (ms === null || ms === undefined) return '—'
  if (ms < 1000) return t('jobs.duration.ms', { value: ms })
  if (ms < 60000) return t('jobs.duration.seconds', { value: (ms / 1000).toFixed(1) })
  return t('jobs.duration.minutes', { value: (ms / 60000).toFixed(1) })
}

/** The next run: 现在 when it is due already (the runner takes it within a tick). */
export function nextRunText(t, job, now = Date.now()) {
  if (!job) return '—'
  if (job.next_run_at <= now) return t('jobs.dueNow')
  return formatTime(job.next_run_at)
}
