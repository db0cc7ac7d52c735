import followUps from './followUps'
import tasks from './tasks'

const zhCN = { followUps: followUps.zhCN, tasks: tasks.zhCN }

export default zhCN
