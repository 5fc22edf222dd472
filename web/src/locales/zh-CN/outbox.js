// 待发送 (writes kept in the browser while offline).
export default {
  outbox: {
    title: '待发送',
    waiting: '有 {n} 条记录等待联网后发送',
    show: '查看',
    hide: '收起',
    sendNow: '立即发送',
    sent: '已发送 {n} 条离线记录',
    refused: '未被接受：{reason}',
    remove: '删除',
    saved: '网络不可用：已保存在本机，联网后自动发送。',
    photosNotKept: '本机无法保存照片，请联网后在事件页补传。',
    photos: '{n} 张照片',
  },
}
