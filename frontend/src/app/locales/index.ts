import accounts from '@/modules/accounts/locales'
import activities from '@/modules/activities/locales'
import audit from '@/modules/audit/locales'
import customers from '@/modules/customers/locales'
import leads from '@/modules/leads/locales'
import notifications from '@/modules/notifications/locales'
import opportunities from '@/modules/opportunities/locales'
import reports from '@/modules/reports/locales'
import en from './en'
import zhCN from './zh-CN'

/** Every UI string in both languages: the app shell's plus one namespace per module. */
export const messages = {
  'zh-CN': { ...zhCN, accounts: accounts['zh-CN'], audit: audit['zh-CN'], customers: customers['zh-CN'], leads: leads['zh-CN'], opportunities: opportunities['zh-CN'], activities: activities['zh-CN'], reports: reports['zh-CN'], notifications: notifications['zh-CN'].notifications },
  en: { ...en, accounts: accounts.en, audit: audit.en, customers: customers.en, leads: leads.en, opportunities: opportunities.en, activities: activities.en, reports: reports.en, notifications: notifications.en.notifications },
}

export type MessageSchema = (typeof messages)['zh-CN']
