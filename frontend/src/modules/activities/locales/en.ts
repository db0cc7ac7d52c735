import followUps from './followUps'
import tasks from './tasks'
import type zhCN from './zh-CN'

const en: typeof zhCN = { followUps: followUps.en, tasks: tasks.en }

export default en
