import type { CalendarItem, MovableType, RescheduleInput } from '../calendarApi'

export type ItemType = 'task' | 'follow_up' | 'planned_follow_up' | 'visit'

/** One colour per kind of item, the same in every view and in the legend. */
export const TYPE_COLOURS: Record<ItemType, string> = {
  task: '#409eff',
  follow_up: '#67c23a',
  planned_follow_up: '#e6a23c',
  visit: '#9b59b6',
}

const MOVABLE: Record<string, MovableType> = { task: 'task', visit: 'visit', planned_follow_up: 'planned_follow_up' }

export interface EventShape {
  id: string
  title: string
  start: string
  end?: string
  backgroundColor: string
  borderColor: string
  startEditable: boolean
  durationEditable: boolean
  classNames: string[]
  extendedProps: { item: CalendarItem }
}

/** A server item as a FullCalendar event: coloured by kind, draggable only when the server says so. */
export function toEvent(item: CalendarItem): EventShape {
  const colour = TYPE_COLOURS[item.type as ItemType] ?? '#909399'
  const event: EventShape = {
    id: item.key,
    title: item.title,
    start: item.start,
    backgroundColor: colour,
    borderColor: colour,
    startEditable: item.editable && item.type in MOVABLE,
    durationEditable: false,
    classNames: [`calendar-item-${item.type}`, item.status === 'done' ? 'calendar-item-done' : ''].filter(Boolean),
    extendedProps: { item },
  }
  if (item.end) event.end = item.end
  return event
}

/** The move to send for an item dropped at `start`, or null when the item cannot move. */
export function rescheduleBody(item: CalendarItem, start: Date): RescheduleInput | null {
  const itemType = MOVABLE[item.type]
  if (!itemType || !item.editable) return null
  return { item_type: itemType, item_id: item.id, version: item.version, start: start.toISOString() }
}

export interface DayGroup {
  day: string
  items: CalendarItem[]
}

/** Items grouped by local day (YYYY-MM-DD), days in order: the phone's list view. */
export function groupByDay(items: CalendarItem[]): DayGroup[] {
  const groups = new Map<string, CalendarItem[]>()
  const sorted = [...items].sort((a, b) => new Date(a.start).getTime() - new Date(b.start).getTime())
  for (const item of sorted) {
    const at = new Date(item.start)
    const day = `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`
    groups.set(day, [...(groups.get(day) ?? []), item])
  }
  return [...groups.entries()].map(([day, dayItems]) => ({ day, items: dayItems }))
}

/**
 * Drag to reschedule: send the move; on refusal undo the drag and say why in the server's words.
 * `send` and `report` are injected so pages pass the API and the toast, tests their own.
 */
export function createRescheduler(
  send: (body: RescheduleInput) => Promise<CalendarItem>,
  report: (error: unknown) => void,
) {
  return async function move(item: CalendarItem, start: Date, revert: () => void): Promise<CalendarItem | null> {
    const body = rescheduleBody(item, start)
    if (!body) {
      revert()
      return null
    }
    try {
      return await send(body)
    } catch (error) {
      revert()
      report(error)
      return null
    }
  }
}
