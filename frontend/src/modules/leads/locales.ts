import en from './locales/en'
import zhCN from './locales/zh-CN'
import { poolLocales } from './poolLocales'

export type { LeadsMessages } from './locales/zh-CN'

/** The module's texts plus the pool, conversion and scoring pages' (`leads.pools.*`). */
export default {
  'zh-CN': { ...zhCN, ...poolLocales.zhCN },
  en: { ...en, ...poolLocales.en },
}
