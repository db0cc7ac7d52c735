const zhCN = {
  title: '通知',
  open: '打开通知',
  markAllRead: '全部标为已读',
  empty: '暂无通知',
  unread: '未读',
}

export type NotificationsMessages = typeof zhCN

const en: NotificationsMessages = {
  title: 'Notifications',
  open: 'Open notifications',
  markAllRead: 'Mark all read',
  empty: 'No notifications',
  unread: 'Unread',
}

/** The bell's own strings, scoped to the component (`notifications.*`). */
export default { 'zh-CN': { notifications: zhCN }, en: { notifications: en } }
