import type { Target, TargetsBulkInput } from '../forecastApi'

/** One editable line of the targets grid: the team itself or one of its members. */
export interface TargetRow {
  /** "department-<id>" or "user-<id>": the cell's error key and data-testid suffix. */
  key: string
  kind: 'user' | 'department'
  id: number
  name: string
  /** The amount being edited ("" = no target). */
  amount: string
  /** The amount the server holds ("" = none), to tell what changed. */
  saved: string
  won: string | null
  attainment: number | null
}

export interface Member {
  id: number
  name: string
}

const plain = (amount: string | null | undefined) => (amount === null || amount === undefined ? '' : String(amount))

/** The grid: the team's own line first, then each member, filled from the period's targets. */
export function buildTargetRows(department: Member, members: readonly Member[], targets: readonly Target[]): TargetRow[] {
  const teamTarget = targets.find((target) => target.is_department_target && target.department_id === department.id)
  const byUser = new Map(targets.filter((target) => !target.is_department_target && target.user_id != null).map((target) => [target.user_id, target]))
  const row = (kind: TargetRow['kind'], member: Member, target: Target | undefined): TargetRow => ({
    key: `${kind}-${member.id}`,
    kind,
    id: member.id,
    name: member.name,
    amount: plain(target?.amount),
    saved: plain(target?.amount),
    won: target?.won_amount ?? null,
    attainment: target?.attainment ?? null,
  })
  return [row('department', department, teamTarget), ...members.map((member) => row('user', member, byUser.get(member.id)))]
}

/** Whether any amount differs from what the server holds. */
export function hasChanges(rows: readonly TargetRow[]): boolean {
  return rows.some((row) => row.amount.trim() !== row.saved)
}

/** The rows to send: every line that has an amount (re-sending an unchanged one is harmless). */
export function rowsToSend(rows: readonly TargetRow[]): TargetRow[] {
  return rows.filter((row) => row.amount.trim() !== '')
}

/** The PUT /targets/bulk body for the rows to send, in the same order. */
export function bulkBody(periodType: TargetsBulkInput['period_type'], periodStart: string, sent: readonly TargetRow[]): TargetsBulkInput {
  return {
    period_type: periodType,
    period_start: periodStart,
    items: sent.map((row) =>
      row.kind === 'user' ? { user_id: row.id, amount: row.amount.trim() } : { department_id: row.id, amount: row.amount.trim() },
    ),
  }
}

/**
 * Place the server's `fields` on the grid's cells. Item errors are keyed by position in what was
 * sent ("items.2.amount", "items[2]"); anything else (the period) comes back under `general`.
 */
export function cellErrors(fields: Record<string, string>, sent: readonly TargetRow[]): { cells: Record<string, string>; general: string[] } {
  const cells: Record<string, string> = {}
  const general: string[] = []
  for (const [field, message] of Object.entries(fields)) {
    const match = /^items[.[](\d+)/.exec(field)
    const row = match ? sent[Number(match[1])] : undefined
    if (row) cells[row.key] = cells[row.key] ? `${cells[row.key]} ${message}` : message
    else general.push(message)
  }
  return { cells, general }
}
