// 消息中心 (every notification of the account).
export default {
  messages: {
    title: '消息中心',
    unreadTotal: '未读 {n} 条',
    readAll: '全部标为已读',
    filter: '显示',
    all: '全部消息',
    unreadOnly: '仅未读',
    unread: '未读',
    markRead: '标为已读',
    newTab: '（在新标签页打开）',
    empty: '暂无消息。有人给您分派事件、吹哨或账号有变动时，会在这里收到通知。',
    emptyUnread: '没有未读消息。',
    viewAll: '查看全部消息',
    kinds: {
      assignment: '分派', copy: '抄送', escalation: '吹哨报到', warning: '预警', supervision: '督办',
      extension: '延期', feedback: '反馈', account: '账号',
      mandatory_report: '强制报告', application_overdue: '救助申请逾期', care_visit_missed: '走访逾期',
    },
    pager: { label: '消息分页', previous: '上一页', next: '下一页', page: '第 {page} 页' },
  },
}
