import { createElement } from "react";
import type { Tx } from "~/db.server";
import { InvitationEmail } from "~/emails/invitation";
import { recordAudit } from "~/modules/audit/audit.server";
import { enqueueEmail } from "~/modules/email/outbox.server";
import { env } from "~/modules/platform/env.server";
import { createInvitation } from "~/modules/tenancy/members.server";
import { ROLE_LABELS, type Role } from "~/modules/tenancy/permissions";

/** Invites `email` to the organisation with `role`: the invitation, its link mailed, audited. */
export async function inviteMember(
  tx: Tx,
  input: { email: string; role: Role; actorRole: Role; inviterMembershipId: string; inviterName: string },
) {
  const { invitation, token, organisation } = await createInvitation(tx, input);
  const url = `${env().APP_URL}/join/${organisation.slug}/${token}`;
  await enqueueEmail(tx, {
    template: "invitation",
    to: invitation.email,
    subject: `Join ${organisation.name} on Folio`,
    body: createElement(InvitationEmail, { organisationName: organisation.name, inviterName: input.inviterName, roleLabel: ROLE_LABELS[input.role], url }),
  });
  const { tokenHash: _omit, ...auditable } = invitation;
  await recordAudit(tx, { action: "invitation.created", entityType: "invitation", entityId: invitation.id, after: auditable });
  return { invitation, token };
}
