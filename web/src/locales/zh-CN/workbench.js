// 工作台 (the first screen of every role).
export default {
  workbench: {
    title: '工作台',
    refresh: '刷新',
    open: '去处理',
    nothing: '暂无。',
    empty: '您的角色暂无待办卡片，请从左侧菜单进入各项功能。',
    failed: '此卡片暂时无法显示：{reason}',
    tones: { warning: '需关注', danger: '紧急' },
    cards: {
      events_report: '上报事件',
      events_open: '未办结事件',
      events_by_place: '未办结事件（按辖区）',
      escalations_warnings: '吹哨预警',
      escalations_board: '部门报到看板',
      service_requests_queue: '今日待办',
      service_requests_overdue: '逾期办件',
      service_requests_appointments: '今日预约',
      service_requests_by_place: '近30天办件',
      people_place: '本网格（社区）居民',
      people_changes: '近期人员变动（30 天）',
      service_requests_apply: '办事指南 · 在线申请',
      service_requests_mine: '我的办事',
      people_jurisdiction: '辖区居民',
      jobs_health: '系统运行',
    },
  },
}
