import { db } from "~/db.server";
import { AppError } from "~/modules/platform/errors";
import { offerRequestMemo, requestMemo } from "~/modules/platform/request-scope.server";
import { type AuthenticatedRequest, requireUserOf, SESSION_MEMO, sessionIdOf, validateSession } from "~/modules/identity/session.server";
import { requestMeta } from "~/utils/request.server";
import { enterUser, type TenantActor } from "./context.server";
import { listUserMemberships, type Organisation, type UserMembership } from "./organisations.server";
import { can, type Permission, type Role } from "./permissions";

export interface Member {
  organisation: Organisation;
  user: { id: string; email: string; name: string };
  membershipId: string;
  role: Role;
  dataScope: "all" | "assigned";
  sessionId: string;
  /** What withTenant needs to act as this member. */
  actor: TenantActor;
}

/** Who is asking and where they belong: what a request reads once to answer every requireMember it makes. */
export interface MemberContext {
  authenticated: AuthenticatedRequest | null;
  /** The signed-in, verified user's active organisations, by name; empty otherwise. */
  memberships: UserMembership[];
}

/** The memo key under which a request keeps its member context (app/modules/platform/request-scope.server.ts). */
export const MEMBER_CONTEXT_MEMO = "tenancy.member-context";

/**
 * The request's member context: the session and the memberships, read in one transaction once per request
 * (or taken from the request's context, which reads them with the rest: app/workflows/request-context.server.ts).
 */
export function memberContext(request: Request): Promise<MemberContext> {
  return requestMemo(MEMBER_CONTEXT_MEMO, () =>
    db().transaction(async (tx) => {
      const authenticated = await validateSession(tx, sessionIdOf(request));
      offerRequestMemo(SESSION_MEMO, Promise.resolve(authenticated));
      return { authenticated, memberships: await membershipsOf(tx, authenticated) };
    }),
  );
}

/** The memberships of a signed-in user with a verified address, in a transaction that then acts as that user. */
export async function membershipsOf(tx: Parameters<typeof enterUser>[0], authenticated: AuthenticatedRequest | null): Promise<UserMembership[]> {
  if (!authenticated?.user.emailVerified) return [];
  await enterUser(tx, authenticated.user.id);
  return listUserMemberships(tx, authenticated.user.id);
}

/** The member a membership makes of the signed-in user, for this request. */
export function memberOf(request: Request, authenticated: AuthenticatedRequest, membership: UserMembership): Member {
  const { user, session } = authenticated;
  const { organisation } = membership;
  return {
    organisation,
    user: { id: user.id, email: user.email, name: user.name },
    membershipId: membership.membershipId,
    role: membership.role,
    dataScope: membership.dataScope,
    sessionId: session.id,
    actor: { tenantId: organisation.id, userId: user.id, dataScope: membership.dataScope, role: membership.role, ...requestMeta(request) },
  };
}

/**
 * The signed-in member of `orgSlug` who holds `permission`. An organisation the user does not belong to
 * is a 404 (AppError not_found), exactly like one that does not exist; a missing permission is a 403 (forbidden).
 * However many loaders of a request ask, the session and the membership are looked up once.
 */
export async function requireMember(request: Request, orgSlug: string | undefined, permission: Permission): Promise<Member> {
  const { authenticated, memberships } = await memberContext(request);
  const signedIn = requireUserOf(request, authenticated);
  const membership = orgSlug ? memberships.find((m) => m.organisation.slug === orgSlug) : undefined;
  if (!membership) throw new AppError("not_found", "This organisation does not exist or you are not a member of it.");
  if (!can(membership.role, permission)) throw new AppError("forbidden", "You do not have permission to do this.");
  return memberOf(request, signedIn, membership);
}
