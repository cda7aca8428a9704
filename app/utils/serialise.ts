/** bigint amounts as strings of minor units, for JSON (loaders cannot send bigints). */
export type Serialised<T> = T extends bigint
  ? string
  : T extends Array<infer U>
    ? Serialised<U>[]
    : T extends object
      ? { [K in keyof T]: Serialised<T[K]> }
      : T;

export function serialise<T>(value: T): Serialised<T> {
  if (typeof value === "bigint") return value.toString() as Serialised<T>;
  if (Array.isArray(value)) return value.map((item) => serialise(item)) as Serialised<T>;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = serialise(item);
    return out as Serialised<T>;
  }
  return value as Serialised<T>;
}
