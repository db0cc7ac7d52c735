import { registerRecordPanel } from '@/shared/recordPanels'
import ActivityFeedPanel from './components/ActivityFeedPanel.vue'

// Follow-up and visit tabs on record pages (registerRecordPanel); imported once by app/main.ts.
registerRecordPanel({
  key: 'activities',
  recordTypes: ['customers', 'leads', 'opportunities'],
  labelKey: 'activities.followUps.tab',
  component: ActivityFeedPanel,
  resource: 'follow_ups',
  order: 10,
})
