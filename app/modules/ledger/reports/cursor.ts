import { isIsoDate } from "~/utils/dates";

/** The position of a line in ledger order: entry date, entry number, line number. */
export interface LedgerCursor {
  date: string;
  number: string;
  lineNo: number;
}

export function encodeCursor(cursor: LedgerCursor): string {
  return Buffer.from(JSON.stringify([cursor.date, cursor.number, cursor.lineNo]), "utf8").toString("base64url");
}

/** The cursor of a "next page" link; anything malformed reads as none (the first page). */
export function decodeCursor(value: string | null | undefined): LedgerCursor | null {
  if (!value || value.length > 200) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (!Array.isArray(parsed) || parsed.length !== 3) return null;
    const [date, number, lineNo] = parsed as unknown[];
    if (typeof date !== "string" || !isIsoDate(date) || typeof number !== "string" || number.length > 100) return null;
    if (typeof lineNo !== "number" || !Number.isInteger(lineNo) || lineNo < 0 || lineNo > 1_000_000) return null;
    return { date, number, lineNo };
  } catch {
    return null;
  }
}
