/*
 * Quantities are exact: bigint millionths of the item's base unit ("micro"), never floating point
 * (docs/decisions/0020-quantities-and-valuation.md). A unit allows 0 to 6 decimals; more are refused, not rounded.
 */
import { AppError } from "~/modules/platform/errors";

export const QTY_DECIMALS = 6;
export const QTY_SCALE = 1_000_000n;

/**
 * Parses a decimal quantity ("12", "2.5", "1,000") into millionths. Refuses with the field named: not a number,
 * more decimals than `decimals`, zero or negative unless allowed.
 */
export function parseQuantity(
  input: string | number | bigint,
  options: { decimals: number; field: string; label?: string; allowZero?: boolean; allowNegative?: boolean; unit?: string },
): bigint {
  const label = options.label ?? "The quantity";
  if (typeof input === "bigint") input = input.toString();
  if (typeof input === "number") {
    if (!Number.isFinite(input)) throw new AppError("invalid", `${label} is not a number.`, { reason: "invalid_quantity", field: options.field });
    input = String(input);
  }
  const cleaned = input.trim().replace(/[\s_]/g, "").replace(/,(?=\d{3}(\D|$))/g, "");
  const match = /^([-+])?(\d+)(?:\.(\d*))?$/.exec(cleaned) ?? /^([-+])?()\.(\d+)$/.exec(cleaned);
  if (!match) throw new AppError("invalid", `${label} must be a number, like 12 or 2.5.`, { reason: "invalid_quantity", field: options.field });
  const [, sign, whole, rawFraction = ""] = match;
  const fraction = rawFraction.replace(/0+$/, "");
  if (fraction.length > options.decimals) {
    const unit = options.unit ? ` ${options.unit}` : "";
    throw new AppError(
      "invalid",
      options.decimals === 0 ? `${label} must be a whole number of${unit || " units"}.` : `${label} may have at most ${options.decimals} decimals${unit ? ` (in${unit})` : ""}.`,
      { reason: "too_many_decimals", field: options.field },
    );
  }
  if (fraction.length > QTY_DECIMALS) throw new AppError("invalid", `${label} may have at most ${QTY_DECIMALS} decimals.`, { reason: "too_many_decimals", field: options.field });
  let value = BigInt(whole || "0") * QTY_SCALE + BigInt(fraction.padEnd(QTY_DECIMALS, "0") || "0");
  if (sign === "-") value = -value;
  if (value === 0n && !options.allowZero) throw new AppError("invalid", `${label} must be greater than zero.`, { reason: "non_positive_quantity", field: options.field });
  if (value < 0n && !options.allowNegative) throw new AppError("invalid", `${label} must be greater than zero.`, { reason: "non_positive_quantity", field: options.field });
  if (value > 10n ** 18n / 10n) throw new AppError("invalid", `${label} is too large.`, { reason: "invalid_quantity", field: options.field });
  return value;
}

/**
 * A quantity typed in another unit of an item (millionths of that unit) as millionths of the base unit: times the
 * unit's factor (base millionths per one of it), in bigint, exactly. Refused with the field named, never rounded,
 * when the result is not a whole number of millionths or has more decimals than the base unit allows (a quarter of
 * a box of 12 is 3 pieces; a tenth of a box of 12.5 is 1.25 pieces, which a unit of 0 decimals refuses).
 */
export function inBaseUnit(inUnitMicro: bigint, factorMicro: bigint, options: { decimals: number; field: string; unit: string }): bigint {
  const product = inUnitMicro * factorMicro;
  const base = product / QTY_SCALE;
  const step = 10n ** BigInt(QTY_DECIMALS - options.decimals);
  if (product % QTY_SCALE !== 0n || base % step !== 0n) {
    throw new AppError("invalid", `That is not a whole number of ${options.unit} (${options.decimals} decimals allowed).`, { reason: "too_many_decimals", field: options.field });
  }
  return base;
}

/** Millionths as a decimal string with at least `minDecimals` and no trailing zeros beyond: 2500000n -> "2.5". */
export function formatQuantity(micro: bigint | null | undefined, minDecimals = 0): string {
  if (micro === null || micro === undefined) return "";
  const negative = micro < 0n;
  const abs = negative ? -micro : micro;
  const whole = abs / QTY_SCALE;
  let fraction = (abs % QTY_SCALE).toString().padStart(QTY_DECIMALS, "0").replace(/0+$/, "");
  if (fraction.length < minDecimals) fraction = fraction.padEnd(minDecimals, "0");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** Rounds a / b to the nearest integer, halves away from zero (bigint division truncates). */
export function divRound(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new Error("division by zero");
  const negative = a < 0n !== b < 0n;
  const absA = a < 0n ? -a : a;
  const absB = b < 0n ? -b : b;
  const q = (absA * 2n + absB) / (absB * 2n);
  return negative ? -q : q;
}

/** The value of `qtyMicro` at `unitCostMinor` per base unit, in minor units (rounded). */
export function valueOf(qtyMicro: bigint, unitCostMinor: bigint): bigint {
  return divRound(qtyMicro * unitCostMinor, QTY_SCALE);
}
