import { describe, expect, it } from 'vitest'
import { ACCEPTED_ATTACHMENTS, attachmentProblem, fileSuffix, formatFileSize, MAX_ATTACHMENT_BYTES } from '../composables/attachments'

describe('attachment checks', () => {
  it('reads the suffix the way the server does', () => {
    expect(fileSuffix('报价单.PDF')).toBe('.pdf')
    expect(fileSuffix('archive.tar.gz')).toBe('.gz')
    expect(fileSuffix('README')).toBe('')
    expect(fileSuffix('.pdf')).toBe('')
    expect(fileSuffix('name.')).toBe('')
  })

  it('accepts allowed types up to 20 MB', () => {
    expect(attachmentProblem({ name: '合同.docx', size: 1 })).toBeNull()
    expect(attachmentProblem({ name: 'photo.HEIC', size: MAX_ATTACHMENT_BYTES })).toBeNull()
    expect(ACCEPTED_ATTACHMENTS.split(',')).toContain('.7z')
  })

  it('refuses empty, oversized and disallowed files before sending them', () => {
    expect(attachmentProblem({ name: 'a.pdf', size: 0 })).toEqual({ reason: 'empty' })
    expect(attachmentProblem({ name: 'a.pdf', size: MAX_ATTACHMENT_BYTES + 1 })).toEqual({ reason: 'tooLarge' })
    expect(attachmentProblem({ name: 'setup.exe', size: 10 })).toEqual({ reason: 'type', suffix: '.exe' })
    expect(attachmentProblem({ name: 'page.html', size: 10 })).toEqual({ reason: 'type', suffix: '.html' })
    expect(attachmentProblem({ name: 'noext', size: 10 })).toEqual({ reason: 'type', suffix: '' })
  })
})

describe('formatFileSize', () => {
  it('shows bytes, then binary units with one decimal under 10', () => {
    expect(formatFileSize(0)).toBe('0 B')
    expect(formatFileSize(1023)).toBe('1023 B')
    expect(formatFileSize(1024)).toBe('1 KB')
    expect(formatFileSize(1536)).toBe('1.5 KB')
    expect(formatFileSize(300 * 1024)).toBe('300 KB')
    expect(formatFileSize(MAX_ATTACHMENT_BYTES)).toBe('20 MB')
    expect(formatFileSize(3.25 * 1024 ** 3)).toBe('3.3 GB')
  })

  it('moves to the next unit instead of showing 1024', () => {
    expect(formatFileSize(1024 * 1024 - 1)).toBe('1 MB')
  })

  it('shows nothing for a nonsensical size', () => {
    expect(formatFileSize(-1)).toBe('')
    expect(formatFileSize(Number.NaN)).toBe('')
  })
})
