import type { Role } from "~/modules/tenancy/permissions";

/**
 * Whether a member of this role may see cost and stock value. Salesmen see items and availability, not what
 * the goods cost; pass `{ withCost: canSeeCost(member.role) }` to the inventory reads.
 */
export function canSeeCost(role: Role): boolean {
  return role !== "salesman";
}
