import * as forecast from './forecastLocales'
import en from './locales/en'
import zhCN from './locales/zh-CN'

export type { OpportunitiesMessages } from './locales/zh-CN'

/** The module's texts plus the forecast pages' (`opportunities.opportunityForecast.*`). */
export default {
  'zh-CN': { ...zhCN, opportunityForecast: forecast.zhCN },
  en: { ...en, opportunityForecast: forecast.en },
}
