export const ROLES = ["owner", "admin", "accountant", "storekeeper", "salesman", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Administrator",
  accountant: "Accountant",
  storekeeper: "Storekeeper",
  salesman: "Salesman",
  viewer: "Viewer",
};

export const PERMISSIONS = [
  "org:read",
  "org:manage",
  "members:manage",
  "audit:read",
  "inventory:read",
  "inventory:write",
  /** The organisation's inventory settings (allow negative stock): owners and administrators. */
  "inventory:manage",
  "sales:read",
  "sales:write",
  /** Post invoices, deliveries and credit notes, record payments: what reaches the books and the stock. */
  "sales:post",
  /** Price lists and which customer buys from which: an owner's or admin's, not a salesman's. */
  "sales:pricing",
  "purchasing:read",
  "purchasing:write",
  "ledger:read",
  "ledger:post",
  "ledger:close",
  "ledger:reopen",
  "crm:read",
  "crm:write",
  "privacy:manage",
  "reports:read",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const everyone: Permission[] = ["org:read", "inventory:read", "sales:read", "crm:read", "reports:read"];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: PERMISSIONS,
  admin: PERMISSIONS.filter((p) => p !== "org:manage" && p !== "ledger:reopen"),
  accountant: [...everyone, "sales:write", "sales:post", "purchasing:read", "ledger:read", "ledger:post", "ledger:close"],
  storekeeper: [...everyone, "inventory:write", "purchasing:read", "purchasing:write"],
  salesman: [...everyone, "sales:write", "sales:post", "crm:write"],
  viewer: [...everyone, "purchasing:read", "ledger:read"],
};

/** A salesman sees only the customers assigned to him; everyone else sees all of the organisation's data. */
export const DEFAULT_DATA_SCOPE: Record<Role, "all" | "assigned"> = {
  owner: "all",
  admin: "all",
  accountant: "all",
  storekeeper: "all",
  salesman: "assigned",
  viewer: "all",
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Only an owner may hand out or take away the owner role. */
export function canAssignRole(actorRole: Role, targetRole: Role): boolean {
  if (!can(actorRole, "members:manage")) return false;
  return targetRole !== "owner" || actorRole === "owner";
}
