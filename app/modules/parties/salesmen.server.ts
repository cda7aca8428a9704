import { sql } from "drizzle-orm";
import { queryRow, type Tx } from "~/db.server";
import { AppError } from "~/modules/platform/errors";
import { userNames } from "~/modules/identity/users.server";
import { listMembers } from "~/modules/tenancy/members.server";

/*
 * The salesmen customers are assigned to. Who they are is tenancy's to say (its members and their roles).
 */

export interface Salesman {
  userId: string;
  name: string;
  email: string;
}

/** Who is acting in this transaction, as withTenant set it: the database's view, which RLS also uses. */
export async function actingScope(tx: Tx): Promise<{ userId: string | null; dataScope: "all" | "assigned" }> {
  const row = await queryRow<{ user_id: string | null; data_scope: string }>(tx, sql`select app_user_id()::text as user_id, app_data_scope() as data_scope`);
  return { userId: row?.user_id ?? null, dataScope: row?.data_scope === "all" ? "all" : "assigned" };
}

/** Members whose role is salesman: the people a customer can be assigned to. */
export async function listSalesmen(tx: Tx): Promise<Salesman[]> {
  return (await listMembers(tx)).filter((m) => m.role === "salesman").map((m) => ({ userId: m.userId, name: m.name, email: m.email }));
}

/** The names of the people among `userIds`: a salesman who left keeps his name on the customers still his. */
export async function assigneeNames(tx: Tx, userIds: Iterable<string | null>): Promise<Map<string, string>> {
  return userNames(tx, [...userIds].filter((id): id is string => id !== null));
}

async function checkAssignee(tx: Tx, userId: string) {
  if (!(await listSalesmen(tx)).some((s) => s.userId === userId)) {
    throw new AppError("invalid", "Choose a salesman of this organisation, or Unassigned.", { field: "assignedUserId", reason: "unknown_salesman" });
  }
}

/**
 * Who the customer goes to. A member with the "assigned" scope (a salesman) always gets it himself, whatever
 * the input says; others may pick a salesman of this organisation or nobody. `undefined` keeps `current`.
 */
export async function resolveAssignee(tx: Tx, requested: string | null | undefined, current: string | null): Promise<string | null> {
  const scope = await actingScope(tx);
  if (scope.dataScope === "assigned") return current ?? scope.userId;
  if (requested === undefined || requested === current) return current;
  if (requested !== null) await checkAssignee(tx, requested);
  return requested;
}
