/*
 * A sales line's amounts, exact in minor units: quantity (millionths) times unit price, less the discount, plus tax,
 * each rounded half away from zero on the line (inventory/quantities.ts divRound). The document's totals are the
 * sums of its lines. Rounding per document (tax on the document's net per rate) may become a tenant setting later
 * (issue 10); per line is what the lines show and what posting books.
 */
import { divRound, QTY_SCALE } from "~/modules/inventory/quantities";

export const BASIS_POINTS = 10_000n;

export interface LineAmounts {
  grossMinor: bigint;
  discountMinor: bigint;
  netMinor: bigint;
  taxMinor: bigint;
  totalMinor: bigint;
}

export function lineAmounts(line: { quantityMicro: bigint; unitPriceMinor: bigint; discountBp: number; taxRateBp: number }): LineAmounts {
  const grossMinor = divRound(line.quantityMicro * line.unitPriceMinor, QTY_SCALE);
  const discountMinor = divRound(grossMinor * BigInt(line.discountBp), BASIS_POINTS);
  const netMinor = grossMinor - discountMinor;
  const taxMinor = divRound(netMinor * BigInt(line.taxRateBp), BASIS_POINTS);
  return { grossMinor, discountMinor, netMinor, taxMinor, totalMinor: netMinor + taxMinor };
}

export interface DocumentTotals {
  subtotalMinor: bigint;
  discountMinor: bigint;
  taxMinor: bigint;
  totalMinor: bigint;
}

/** Subtotal is before discounts; total = subtotal - discount + tax. */
export function documentTotals(lines: readonly LineAmounts[]): DocumentTotals {
  let subtotalMinor = 0n;
  let discountMinor = 0n;
  let taxMinor = 0n;
  for (const line of lines) {
    subtotalMinor += line.grossMinor;
    discountMinor += line.discountMinor;
    taxMinor += line.taxMinor;
  }
  return { subtotalMinor, discountMinor, taxMinor, totalMinor: subtotalMinor - discountMinor + taxMinor };
}

