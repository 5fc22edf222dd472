// English interface strings of the scheduled jobs page:
// the same keys as ../zh-CN/jobs.js.
export default {
  jobs: {
    menu: 'Scheduled jobs',
    heading: 'Scheduled jobs',
    intro: 'Jobs the server runs on a schedule (Beijing time). Warnings and automatic supervision no longer wait for someone to open a page; runs missed while stopped are merged or replayed, as each job says.',
    reload: 'Refresh',
    empty: 'No scheduled jobs are registered.',
    caption: 'Scheduled jobs',
    fields: {
      job: 'Job',
      schedule: 'Schedule',
      lastRun: 'Last run',
      result: 'Result',
      nextRun: 'Next run',
      counts: 'Runs',
      actions: 'Actions',
    },
    schedule: {
      every: 'Every {minutes} min',
      daily: 'Daily at {time}',
      monthly: 'Monthly on day {day} at {time}',
    },
    catchUp: {
      merge: 'Missed runs merged into one',
      replay: 'Missed runs replayed one by one',
    },
    trigger: {
      schedule: 'Scheduled',
      manual: 'By hand (page)',
      command: 'Command line',
    },
    result: {
      ok: 'Succeeded',
      failed: 'Failed',
      running: 'Running',
      never: 'Not run yet',
    },
    duration: {
      ms: '{value} ms',
      seconds: '{value} s',
      minutes: '{value} min',
    },
    never: 'Never run',
    dueNow: 'Due now',
    counts: '{runs} runs, {failures} failed',
    runNow: 'Run now',
    runNowLabel: 'Run now: {title}',
    ranOk: 'Finished in {duration}',
    ranFailed: 'Failed: {error}',
  },
}
