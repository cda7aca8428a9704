import { auditEvents } from "~/modules/audit/schema";
import { withTenant } from "~/modules/tenancy/context.server";
import { createOrganisationWithOwner, FACTORY_PASSWORD } from "~/test/factories";
import { changePassword } from "~/workflows/change-password.server";
import { createOrganisationForUser } from "~/workflows/create-organisation.server";
import { login } from "~/workflows/log-in.server";

async function accountActions(actor: { tenantId: string; userId: string | null; dataScope: "all" | "assigned" }) {
  const events = await withTenant(actor, (tx) => tx.select().from(auditEvents).orderBy(auditEvents.id));
  return events.filter((e) => e.entityType === "account").map((e) => ({ action: e.action, ip: e.ip, entityId: e.entityId }));
}

describe("account events in the audit trail", () => {
  it("records a sign-in, with its address, in every organisation of the person", async () => {
    const { user, actor } = await createOrganisationWithOwner();
    const second = await createOrganisationForUser({ name: "Second Branch", ownerUserId: user.id });
    const result = await login({ email: user.email, password: FACTORY_PASSWORD, ip: "203.0.113.7", userAgent: "test-agent" });
    expect(result.ok).toBe(true);
    const expected = [{ action: "account.logged_in", ip: "203.0.113.7", entityId: user.id }];
    expect(await accountActions(actor)).toEqual(expected);
    expect(await accountActions({ tenantId: second.organisation.id, userId: user.id, dataScope: "all" })).toEqual(expected);
  });

  it("records the lock after the fifth failure, and not the failures before it", async () => {
    const { user, actor } = await createOrganisationWithOwner();
    for (let attempt = 0; attempt < 5; attempt++) {
      await login({ email: user.email, password: `wrong ${attempt}`, ip: "198.51.100.4" });
    }
    expect((await accountActions(actor)).map((e) => e.action)).toEqual(["account.locked"]);
  });

  it("records a password change", async () => {
    const { user, actor } = await createOrganisationWithOwner();
    await changePassword({ userId: user.id, currentSessionId: "none", currentPassword: FACTORY_PASSWORD, newPassword: "an entirely new phrase 77" });
    expect((await accountActions(actor)).map((e) => e.action)).toEqual(["account.password_changed"]);
  });
});
