import { markRaw, type Component } from 'vue'
import type { Resource } from '@/app/stores/session'

/** Record pages that show panels contributed by other modules. */
export type RecordType = 'customers' | 'leads' | 'opportunities'

/** A tab a module adds to record pages; the component receives `recordType` and `recordId`. */
export interface RecordPanel {
  key: string
  recordTypes: RecordType[]
  labelKey: string
  component: Component
  /** The right on `resource` needed to see the tab (view). */
  resource?: Resource
  /** Lower comes first. */
  order?: number
}

const panels: RecordPanel[] = []

/**
 * Declare a tab for record pages. Higher modules (activities) register here at start-up so that
 * lower modules' pages (customers, leads, deals) show them without importing them.
 */
export function registerRecordPanel(panel: RecordPanel): void {
  if (panels.some((existing) => existing.key === panel.key)) return
  panels.push({ ...panel, component: markRaw(panel.component) })
}

/** The tabs registered for one record type, in order. */
export function recordPanels(recordType: RecordType): RecordPanel[] {
  return panels
    .filter((panel) => panel.recordTypes.includes(recordType))
    .sort((a, b) => (a.order ?? 100) - (b.order ?? 100))
}
