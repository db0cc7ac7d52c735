import { describe, expect, it } from 'vitest'
import type { Candidate } from '../api'
import { describeCandidates, duplicateCheckBody, hasBlockingCandidate, reasonKey } from '../composables/duplicateCandidates'
import { asMobile } from '../composables/useDuplicateCheck'

const similar: Candidate = { id: 4, name: '平安银行深圳分行', owner_name: '李雷', is_visible: true, reasons: ['similar_name'], score: 0.814 }
const sameName: Candidate = { id: null, name: '平**行', owner_name: '韩梅梅', is_visible: false, reasons: ['name'], score: 1 }
const sameCode: Candidate = { id: 9, name: '平安银行', owner_name: '王芳', is_visible: true, reasons: ['credit_code', 'name'], score: 1 }

describe('duplicate candidates', () => {
  it('lists blocking first, then strong matches, then by score', () => {
    expect(describeCandidates([similar, sameName, sameCode]).map((row) => row.name)).toEqual(['平安银行', '平**行', '平安银行深圳分行'])
  })

  it('links only candidates the viewer may see', () => {
    const [masked] = describeCandidates([sameName])
    expect(masked).toMatchObject({ id: null, ownerName: '韩梅梅', isStrong: true, isBlocking: false })
    const [visible] = describeCandidates([{ ...sameName, id: 3, is_visible: true }])
    expect(visible?.id).toBe(3)
  })

  it('shows a similarity percentage and reason texts', () => {
    const [row] = describeCandidates([similar])
    expect(row).toMatchObject({ percent: 81, isStrong: false, reasonKeys: ['customers.duplicates.reason.similar_name'] })
    expect(reasonKey('phone')).toBe('customers.duplicates.reason.other')
  })

  it('knows when the server will refuse (same credit code)', () => {
    expect(hasBlockingCandidate([similar, sameName])).toBe(false)
    expect(hasBlockingCandidate([sameCode])).toBe(true)
  })
})

describe('live duplicate check', () => {
  it('waits until something worth checking is typed', () => {
    expect(duplicateCheckBody({ name: ' 平 ' })).toBeNull()
    expect(duplicateCheckBody({ name: '', creditCode: '9144' })).toBeNull()
  })

  it('sends the name, a long enough credit code, mobiles and the record to exclude', () => {
    expect(duplicateCheckBody({ name: '平安', creditCode: '914', mobiles: ['13800138000', '12'] }, 7)).toEqual({
      name: '平安',
      credit_code: '',
      mobiles: ['13800138000'],
      exclude_id: 7,
    })
  })

  it('reads a phone as a mobile through +86, spaces and dashes', () => {
    expect(asMobile('+86 138-0013-8000')).toEqual(['13800138000'])
    expect(asMobile('0755-22168000')).toEqual([])
  })
})
