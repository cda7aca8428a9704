import { createElement } from "react";
import { db } from "~/db.server";
import { RightsRequestEmail } from "~/emails/rights-request";
import { recordAccountEvent } from "~/modules/audit/audit.server";
import { enqueueEmail } from "~/modules/email/outbox.server";
import { ACCOUNT_DELETION_GRACE_DAYS, deleteAccountIfDue, listAccountsDueForDeletion, scheduleAccountDeletion } from "~/modules/identity/account-deletion.server";
import { wrongCurrentPassword } from "~/modules/identity/auth.server";
import { verifyPassword } from "~/modules/identity/password.server";
import { findUserById } from "~/modules/identity/users.server";
import { env } from "~/modules/platform/env.server";
import { refuseWhileSoleOwner, soleOwnedOrganisations } from "~/modules/tenancy/sole-owner.server";

/**
 * "Delete my account": after the password, refused (409, naming the organisation) while the person is the only
 * owner of an organisation; otherwise the account is deleted in 30 days by the retention job, its sessions end
 * now, the person is mailed, and every organisation they belong to has it in its audit trail. Signing in before
 * then cancels it (the log-in workflow). Returns when the account will be deleted.
 */
export async function requestAccountDeletion(input: { userId: string; password: string; meta?: { ip?: string | null; userAgent?: string | null }; now?: Date }): Promise<Date> {
  const now = input.now ?? new Date();
  const user = await findUserById(db(), input.userId);
  if (!user || !(await verifyPassword(user.passwordHash, input.password))) throw wrongCurrentPassword();
  await refuseWhileSoleOwner(user.id);
  return db().transaction(async (tx) => {
    const dueAt = await scheduleAccountDeletion(tx, user.id, now);
    const day = dueAt.toISOString().slice(0, 10);
    await enqueueEmail(tx, {
      template: "account-deletion",
      to: user.email,
      subject: "Your Folio account will be deleted",
      body: createElement(RightsRequestEmail, {
        heading: "Your Folio account will be deleted",
        paragraphs: [
          `You asked us to delete your Folio account. It will be deleted on ${day}, ${ACCOUNT_DELETION_GRACE_DAYS} days after your request, with everything Folio keeps about you.`,
          "Changed your mind? Sign in before then and the deletion is cancelled.",
        ],
        link: { label: "Sign in", url: `${env().APP_URL ?? ""}/login` },
      }),
    });
    await recordAccountEvent(tx, user, { action: "account.deletion_scheduled", after: { dueAt: dueAt.toISOString() } }, input.meta);
    return dueAt;
  });
}

/**
 * The retention rule for accounts: deletes each account whose grace period ended by `now`, each in a
 * transaction of its own. An account whose person became the only owner of an organisation meanwhile is kept
 * (deleting it would leave the organisation without an owner) and counted, for the job's report.
 */
export async function deleteAccountsPastGrace(now: Date = new Date()): Promise<{ accountsDeleted: number; accountsKeptAsSoleOwners: number }> {
  let accountsDeleted = 0;
  let accountsKeptAsSoleOwners = 0;
  for (const account of await listAccountsDueForDeletion(db(), now)) {
    if ((await soleOwnedOrganisations(account.id)).length > 0) {
      accountsKeptAsSoleOwners++;
      continue;
    }
    if (await db().transaction((tx) => deleteAccountIfDue(tx, account.id, now))) accountsDeleted++;
  }
  return { accountsDeleted, accountsKeptAsSoleOwners };
}
