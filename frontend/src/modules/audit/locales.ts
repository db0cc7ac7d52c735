const zhCN = {
  title: '审计日志',
  user: '操作人',
  objectType: '对象类型',
  objectId: '对象 ID',
  action: '动作',
  dateRange: '时间范围',
  startDate: '开始时间',
  endDate: '结束时间',
  at: '时间',
  object: '对象',
  ip: 'IP 地址',
  userAgent: '客户端',
  field: '字段',
  before: '修改前',
  after: '修改后',
  noChanges: '此记录没有字段变更。',
  system: '系统',
  empty: '（空）',
}

export type AuditMessages = typeof zhCN

const en: AuditMessages = {
  title: 'Audit log',
  user: 'User',
  objectType: 'Object type',
  objectId: 'Object ID',
  action: 'Action',
  dateRange: 'Time range',
  startDate: 'From',
  endDate: 'To',
  at: 'Time',
  object: 'Object',
  ip: 'IP address',
  userAgent: 'Client',
  field: 'Field',
  before: 'Before',
  after: 'After',
  noChanges: 'This entry changed no fields.',
  system: 'System',
  empty: '(empty)',
}

export default { 'zh-CN': zhCN, en }
