const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value is a well-formed uuid: anything else cannot name a row, so it is "not found", not a 500. */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}
