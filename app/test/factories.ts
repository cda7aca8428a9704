import { randomBytes } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { db } from "~/db.server";
import { outboxMessages } from "~/modules/email/schema";
import { hashPassword } from "~/modules/identity/password.server";
import { insertUser } from "~/modules/identity/users.server";
import { acceptedFolioNoticeVersion } from "~/modules/privacy/notices.server";
import { type TenantActor, withTenant } from "~/modules/tenancy/context.server";
import { DEFAULT_DATA_SCOPE, type Role } from "~/modules/tenancy/permissions";
import { addMember } from "~/workflows/add-member.server";
import { signUp } from "~/workflows/sign-up.server";

/** What a new organisation's audit trail holds: its creation and what comes with it. */
export const EVENTS_OF_A_NEW_ORGANISATION = ["member.added", "organisation.created", "ledger.chart_created", "inventory.warehouse_created"];

export const FACTORY_PASSWORD = "correct horse battery staple 42";

export function uniqueEmail(prefix = "person") {
  return `${prefix}-${randomBytes(5).toString("hex")}@example.test`;
}

/** An organisation with a verified owner, made through the real sign-up operation. */
export async function createOrganisationWithOwner(options: { organisationName?: string; email?: string; name?: string } = {}) {
  const { user, organisation, membership } = await signUp({
    name: options.name ?? "Olivia Owner",
    email: options.email ?? uniqueEmail("owner"),
    password: FACTORY_PASSWORD,
    organisationName: options.organisationName ?? `Org ${randomBytes(3).toString("hex")}`,
    emailVerified: true,
  });
  const actor: TenantActor = { tenantId: organisation.id, userId: user.id, dataScope: "all", role: "owner" };
  return { user, organisation, membership, actor };
}

let cachedHash: Promise<string> | undefined;

export async function createUser(options: { email?: string; name?: string } = {}) {
  cachedHash ??= hashPassword(FACTORY_PASSWORD);
  return insertUser(db(), {
    email: options.email ?? uniqueEmail(),
    name: options.name ?? "Morgan Member",
    passwordHash: await cachedHash,
    privacyNoticeVersion: await acceptedFolioNoticeVersion(db()),
    emailVerified: true,
  });
}

/** Adds a new verified user to the tenant with `role`, acting as the tenant's owner. */
export async function createMember(owner: TenantActor, role: Role, options: { email?: string; name?: string } = {}) {
  const user = await createUser(options);
  const membership = await withTenant(owner, (tx) => addMember(tx, { tenantId: owner.tenantId, userId: user.id, role }));
  const actor: TenantActor = { tenantId: owner.tenantId, userId: user.id, dataScope: DEFAULT_DATA_SCOPE[role], role };
  return { user, membership, actor };
}

/** Messages in the outbox addressed to `to` (optionally of one template), oldest first. Read as the owner. */
export async function emailsTo(to: string, template?: string) {
  const rows = await db()
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.toAddress, to.toLowerCase()), template ? eq(outboxMessages.template, template) : undefined))
    .orderBy(asc(outboxMessages.createdAt));
  return rows;
}

/** The secret of the newest link of `template` mailed to `to`: only its hash is stored, so tests read the mail. */
export async function mailedToken(to: string, template: string, pattern = /token=([A-Za-z0-9_-]+)/): Promise<string> {
  const messages = await emailsTo(to, template);
  const latest = messages.at(-1);
  if (!latest) throw new Error(`no ${template} email to ${to} in the outbox`);
  const match = pattern.exec(latest.text);
  if (!match) throw new Error(`no link matching ${pattern} in the ${template} email to ${to}`);
  return match[1];
}

