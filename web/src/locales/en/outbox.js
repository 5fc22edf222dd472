// Outbox (writes kept in the browser while offline).
export default {
  outbox: {
    title: 'Waiting to send',
    waiting: '{n} record(s) waiting for the network',
    show: 'Show',
    hide: 'Hide',
    sendNow: 'Send now',
    sent: '{n} offline record(s) sent',
    refused: 'Not accepted: {reason}',
    remove: 'Remove',
    saved: 'No network: saved on this device, sent automatically when back online.',
    photosNotKept: 'This browser cannot keep the photos; add them on the event page once online.',
    photos: '{n} photo(s)',
  },
}
