import { db } from "~/db.server";
import { requireUser } from "~/modules/identity/session.server";
import { requestMeta } from "~/utils/request.server";
import { forbidden, notFound } from "~/utils/responses.server";
import { type TenantActor, withUser } from "./context.server";
import { findMembership, findTenantBySlug, type Tenant } from "./organisations.server";
import { can, type Permission, type Role } from "./permissions";

export interface Member {
  tenant: Tenant;
  user: { id: string; email: string; name: string };
  membershipId: string;
  role: Role;
  dataScope: "all" | "assigned";
  sessionId: string;
  /** What withTenant needs to act as this member. */
  actor: TenantActor;
}

/**
 * The signed-in member of `orgSlug` who holds `permission`. An organisation the user does not belong to
 * is a 404, exactly like one that does not exist; a missing permission is a 403.
 */
export async function requireMember(request: Request, orgSlug: string | undefined, permission: Permission): Promise<Member> {
  const { user, session } = await requireUser(request);
  const tenant = orgSlug ? await findTenantBySlug(db(), orgSlug) : undefined;
  if (!tenant || tenant.status !== "active") throw notFound("This organisation does not exist or you are not a member of it.");
  const membership = await withUser(user.id, (tx) => findMembership(tx, tenant.id, user.id));
  if (!membership) throw notFound("This organisation does not exist or you are not a member of it.");
  if (!can(membership.role, permission)) throw forbidden();
  return {
    tenant,
    user: { id: user.id, email: user.email, name: user.name },
    membershipId: membership.id,
    role: membership.role,
    dataScope: membership.dataScope,
    sessionId: session.id,
    actor: { tenantId: tenant.id, userId: user.id, dataScope: membership.dataScope, role: membership.role, ...requestMeta(request) },
  };
}
