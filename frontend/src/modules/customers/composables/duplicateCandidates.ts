import type { Candidate, DuplicateCheck } from '../api'

export const CANDIDATE_REASONS = ['credit_code', 'name', 'similar_name', 'mobile', 'email'] as const

/** i18n key of a match reason; unknown reasons fall back to the generic one. */
export function reasonKey(reason: string): string {
  return (CANDIDATE_REASONS as readonly string[]).includes(reason)
    ? `customers.duplicates.reason.${reason}`
    : 'customers.duplicates.reason.other'
}

export interface CandidateView {
  key: string
  /** Only visible candidates link to their page; others are masked and have no id. */
  id: number | null
  name: string
  ownerName: string
  reasonKeys: string[]
  /** Same credit code: the server refuses to save, no override. */
  isBlocking: boolean
  /** A close match (same name, credit code or contact); a merely similar name is weaker. */
  isStrong: boolean
  /** 0–100, for "相似度 87%". */
  percent: number
}

/** Candidates as the warning lists them: blocking first, then strong, then by score. */
export function describeCandidates(candidates: Candidate[]): CandidateView[] {
  return candidates
    .map((candidate, index) => {
      const isBlocking = candidate.reasons.includes('credit_code')
      return {
        key: candidate.id != null ? `id-${candidate.id}` : `masked-${index}`,
        id: candidate.is_visible && candidate.id != null ? candidate.id : null,
        name: candidate.name,
        ownerName: candidate.owner_name ?? '',
        reasonKeys: candidate.reasons.map(reasonKey),
        isBlocking,
        isStrong: isBlocking || candidate.reasons.some((reason) => reason !== 'similar_name'),
        percent: Math.round(Math.min(1, Math.max(0, candidate.score)) * 100),
      }
    })
    .sort((a, b) => Number(b.isBlocking) - Number(a.isBlocking) || Number(b.isStrong) - Number(a.isStrong) || b.percent - a.percent)
}

export function hasBlockingCandidate(candidates: Candidate[]): boolean {
  return candidates.some((candidate) => candidate.reasons.includes('credit_code'))
}

/** The live check's body, or null when nothing typed yet is worth checking (under two characters). */
export function duplicateCheckBody(
  input: { name?: string; creditCode?: string; mobiles?: string[]; emails?: string[] },
  excludeId: number | null = null,
): DuplicateCheck | null {
  const name = (input.name ?? '').trim()
  const creditCode = (input.creditCode ?? '').trim()
  const mobiles = (input.mobiles ?? []).map((value) => value.trim()).filter((value) => value.length >= 7)
  const emails = (input.emails ?? []).map((value) => value.trim()).filter((value) => value.includes('@'))
  if (name.length < 2 && creditCode.length < 8 && !mobiles.length && !emails.length) return null
  const body: DuplicateCheck = { name: name.length >= 2 ? name : '', credit_code: creditCode.length >= 8 ? creditCode : '' }
  if (mobiles.length) body.mobiles = mobiles
  if (emails.length) body.emails = emails
  if (excludeId != null) body.exclude_id = excludeId
  return body
}
