/** Keyset cursors of inventory lists: an opaque token of the last row's sort values. */

export type CursorValue = string | number | null;

export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
}

/** The values of a "next page" token, or null (the first page) for anything malformed or of another shape. */
export function decodeCursor(value: string | null | undefined, length: number): CursorValue[] | null {
  if (!value || value.length > 600) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (!Array.isArray(parsed) || parsed.length !== length) return null;
    if (!parsed.every((v) => v === null || typeof v === "number" || (typeof v === "string" && v.length <= 200))) return null;
    return parsed as CursorValue[];
  } catch {
    return null;
  }
}
