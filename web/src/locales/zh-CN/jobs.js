// Chinese (default) interface strings of the scheduled jobs page (定时任务, jobs.manage).
// Every key here must exist in ../en/jobs.js (a unit test checks).
export default {
  jobs: {
    menu: '定时任务',
    heading: '定时任务',
    intro: '服务器按计划自动运行的任务（时间为北京时间）。预警和自动督办不再依赖有人打开页面；停机期间错过的运行按任务的规则合并或逐次补跑。',
    reload: '刷新',
    empty: '没有登记的定时任务。',
    caption: '定时任务列表',
    fields: {
      job: '任务',
      schedule: '计划',
      lastRun: '上次运行',
      result: '结果',
      nextRun: '下次运行',
      counts: '次数',
      actions: '操作',
    },
    schedule: {
      every: '每 {minutes} 分钟',
      daily: '每天 {time}',
      monthly: '每月 {day} 日 {time}',
    },
    catchUp: {
      merge: '错过的运行合并为一次',
      replay: '错过的运行逐次补跑',
    },
    trigger: {
      schedule: '按计划',
      manual: '页面手动',
      command: '命令行',
    },
    result: {
      ok: '成功',
      failed: '失败',
      running: '运行中',
      never: '尚未运行',
    },
    duration: {
      ms: '{value} 毫秒',
      seconds: '{value} 秒',
      minutes: '{value} 分钟',
    },
    never: '从未运行',
    dueNow: '即将运行',
    counts: '共 {runs} 次，失败 {failures} 次',
    runNow: '立即运行',
    runNowLabel: '立即运行：{title}',
    ranOk: '已运行完成，用时 {duration}',
    ranFailed: '运行失败：{error}',
  },
}
