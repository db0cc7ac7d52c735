// Task tabs on record pages (registerRecordPanel); imported once by app/main.ts.
import { defineAsyncComponent } from 'vue'
import { registerRecordPanel } from '@/shared/recordPanels'

registerRecordPanel({
  key: 'tasks',
  recordTypes: ['customers', 'leads', 'opportunities'],
  labelKey: 'activities.tasks.recordTab',
  component: defineAsyncComponent(() => import('./components/TaskRecordPanel.vue')),
  resource: 'tasks',
  order: 30,
})
