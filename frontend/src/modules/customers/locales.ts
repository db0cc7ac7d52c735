import en from './locales/en'
import zhCN from './locales/zh-CN'

export type { CustomersMessages } from './locales/zh-CN'

export default { 'zh-CN': zhCN, en }
