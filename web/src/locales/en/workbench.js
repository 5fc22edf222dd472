// Workbench (the first screen of every role).
export default {
  workbench: {
    title: 'Workbench',
    refresh: 'Refresh',
    open: 'Open',
    nothing: 'Nothing.',
    empty: 'Your role has no cards yet; use the menu to open each function.',
    failed: 'This card cannot be shown now: {reason}',
    tones: { warning: 'Needs attention', danger: 'Urgent' },
    cards: {
      events_report: 'Report an event',
      events_open: 'Open events',
      events_by_place: 'Open events by place',
      escalations_warnings: 'Whistle warnings',
      escalations_board: 'Department board',
      service_requests_queue: 'Today\'s queue',
      service_requests_overdue: 'Overdue requests',
      service_requests_appointments: 'Today\'s appointments',
      service_requests_by_place: 'Requests, last 30 days',
      people_place: 'Residents of my grid (community)',
      people_changes: 'Recent changes of people (30 days)',
      service_requests_apply: 'Service guide · apply online',
      service_requests_mine: 'My applications',
      people_jurisdiction: 'Residents of my jurisdiction',
      jobs_health: 'System health',
    },
  },
}
