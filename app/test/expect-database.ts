import { postgresError } from "~/db.server";

/** Awaits a promise that must be refused by the database, and returns the Postgres error's message. */
export async function databaseRefusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const info = postgresError(error);
    if (!info) throw error;
    return info.message;
  }
  throw new Error("expected the database to refuse the statement, but it succeeded");
}
