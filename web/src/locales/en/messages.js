// Message centre (every notification of the account).
export default {
  messages: {
    title: 'Messages',
    unreadTotal: '{n} unread',
    readAll: 'Mark all read',
    filter: 'Show',
    all: 'All messages',
    unreadOnly: 'Unread only',
    unread: 'Unread',
    markRead: 'Mark read',
    newTab: ' (opens in a new tab)',
    empty: 'No messages yet. You are notified here when an event is assigned to you, a whistle reaches you or your account changes.',
    emptyUnread: 'No unread messages.',
    viewAll: 'All messages',
    kinds: {
      assignment: 'Assignment', copy: 'Copy', escalation: 'Whistle', warning: 'Warning', supervision: 'Supervision',
      extension: 'Extension', feedback: 'Feedback', account: 'Account',
      mandatory_report: 'Mandatory report', application_overdue: 'Application overdue', care_visit_missed: 'Visits missed',
    },
    pager: { label: 'Message pages', previous: 'Previous', next: 'Next', page: 'Page {page}' },
  },
}
