import dayjs from 'dayjs'

export function formatDateTime(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD HH:mm') : ''
}

export function formatDate(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD') : ''
}

/** List totals: a capped count reads "10000+". */
export function formatCount(count: number, isCapped: boolean): string {
  return isCapped ? `${count}+` : String(count)
}
