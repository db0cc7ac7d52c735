/** Product lines as the editor holds them (typed text) and the subtotal the server will compute. */
import { toCents } from './money'

export interface LineDraft {
  product_name: string
  quantity: string
  unit_price: string
  discount_percent: string
}

/** quantity × unit price × (1 − discount %), in fen; a half-typed number counts as zero. */
export function lineCents(line: LineDraft): bigint {
  const quantity = Number(line.quantity)
  const discount = Number(line.discount_percent || 0)
  if (!Number.isFinite(quantity) || !Number.isFinite(discount)) return 0n
  // Quantity has at most 3 decimals and discount 2: scale both to integers to stay exact.
  const quantityMilli = BigInt(Math.round(quantity * 1000))
  const keepBasis = BigInt(Math.round((100 - discount) * 100))
  const scaled = toCents(line.unit_price) * quantityMilli * keepBasis
  const divisor = 1000n * 10000n
  return (scaled + divisor / 2n) / divisor
}

/** The lines to send: blank rows dropped, numbers as typed (the server validates them). */
export function toLineInputs(lines: LineDraft[]) {
  return lines
    .filter((line) => line.product_name.trim() !== '')
    .map((line) => ({
      product_name: line.product_name.trim(),
      quantity: line.quantity.trim() || '1',
      unit_price: line.unit_price.trim() || '0',
      discount_percent: line.discount_percent.trim() || '0',
    }))
}
