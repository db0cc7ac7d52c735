import en from './locales/en'
import zhCN from './locales/zh-CN'

export default { 'zh-CN': zhCN, en }
