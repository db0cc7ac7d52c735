/**
 * The attachment rules the server enforces, checked before a file is sent so an obvious refusal
 * costs no upload (the server checks again, and also looks inside the file).
 */

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

export const ATTACHMENT_SUFFIXES = [
  '.jpg',
  '.jpeg',
  '.png',
  '.gif',
  '.webp',
  '.heic',
  '.pdf',
  '.doc',
  '.docx',
  '.xls',
  '.xlsx',
  '.ppt',
  '.pptx',
  '.txt',
  '.csv',
  '.zip',
  '.rar',
  '.7z',
] as const

/** The file chooser's `accept`: the allowed suffixes. */
export const ACCEPTED_ATTACHMENTS = ATTACHMENT_SUFFIXES.join(',')

export type AttachmentProblem = { reason: 'empty' } | { reason: 'tooLarge' } | { reason: 'type'; suffix: string }

/** ".pdf" for "报价单.PDF"; "" when there is none (the way the server reads it: "a.", ".pdf" have none). */
export function fileSuffix(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot > 0 && dot < name.length - 1 ? name.slice(dot).toLowerCase() : ''
}

/** Why the server would refuse this file, or null when it may be sent. */
export function attachmentProblem(file: Pick<File, 'name' | 'size'>): AttachmentProblem | null {
  if (!file.size) return { reason: 'empty' }
  if (file.size > MAX_ATTACHMENT_BYTES) return { reason: 'tooLarge' }
  const suffix = fileSuffix(file.name)
  if (!(ATTACHMENT_SUFFIXES as readonly string[]).includes(suffix)) return { reason: 'type', suffix }
  return null
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB']

/** "512 B", "1.5 KB", "20 MB": one decimal under 10, none above; binary (1024) steps. */
export function formatFileSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return ''
  let value = bytes
  let unit = 0
  while (unit < UNITS.length - 1 && Number(value.toFixed(value < 10 ? 1 : 0)) >= 1024) {
    value /= 1024
    unit += 1
  }
  if (unit === 0) return `${Math.round(value)} B`
  const text = value.toFixed(value < 10 ? 1 : 0).replace(/\.0$/, '')
  return `${text} ${UNITS[unit]}`
}
