import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError, SelectField, TextField } from "~/components/forms";
import { withTenant } from "~/modules/tenancy/context.server";
import { membersActionSchema } from "~/modules/tenancy/forms";
import { requireMember } from "~/modules/tenancy/guards.server";
import { listMembers, listOpenInvitations } from "~/modules/tenancy/members.server";
import { canAssignRole, ROLE_LABELS, ROLES } from "~/modules/tenancy/permissions";
import { actionFailure } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { formValues, parseForm, type FormFailure } from "~/utils/forms";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { formatDateTime } from "~/utils/format";
import { useOrganisation } from "~/utils/route-data";
import { changeMemberRole } from "~/workflows/change-member-role.server";
import { inviteMember } from "~/workflows/invite-member.server";
import { removeMember } from "~/workflows/remove-member.server";
import { revokeInvitation } from "~/workflows/revoke-invitation.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "members:manage");
  return withTenant(member.actor, async (tx) => {
    const [members, invitations] = await Promise.all([listMembers(tx), listOpenInvitations(tx)]);
    return json({ members, invitations, currentMembershipId: member.membershipId });
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "members:manage");
  const formData = await readFormData(request);
  const parsed = parseForm(membersActionSchema, formData);
  if (!parsed.ok) {
    // Only the invitation form shows errors beside its fields; a row's form (role, remove, revoke) says it above the page.
    if (parsed.values.intent === "invite" && !parsed.formError) return badRequest(parsed);
    return badRequest({ values: parsed.values, formError: parsed.formError ?? Object.values(parsed.errors)[0] });
  }
  const input = parsed.data;
  const back = `/app/${member.organisation.slug}/settings/members`;
  try {
    switch (input.intent) {
      case "invite":
        await withTenant(member.actor, (tx) =>
          inviteMember(tx, { email: input.email, role: input.role, actorRole: member.role, inviterMembershipId: member.membershipId, inviterName: member.user.name }),
        );
        return redirectWithFlash(back, { kind: "success", message: `Invitation sent to ${input.email}.` });
      case "change-role":
        await withTenant(member.actor, (tx) => changeMemberRole(tx, member.role, input.membershipId, input.role));
        return redirectWithFlash(back, { kind: "success", message: `Role changed to ${ROLE_LABELS[input.role]}.` });
      case "remove":
        await withTenant(member.actor, (tx) => removeMember(tx, member.role, input.membershipId));
        return redirectWithFlash(back, { kind: "success", message: "Member removed." });
      case "revoke":
        await withTenant(member.actor, (tx) => revokeInvitation(tx, input.invitationId));
        return redirectWithFlash(back, { kind: "success", message: "Invitation revoked." });
    }
  } catch (error) {
    return actionFailure(error, formValues(formData));
  }
}

export default function Members() {
  const { members, invitations, currentMembershipId } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const shell = useOrganisation();
  const assignable = ROLES.filter((role) => canAssignRole(shell.role, role));
  const inviteValues = actionData?.values.intent === "invite" ? actionData.values : {};
  const inviteErrors = actionData?.values.intent === "invite" ? actionData.errors : {};
  return (
    <>
      <PageHeader title="Members" description="People who can work in this organisation, and what each may do." />
      <FormError message={actionData?.formError} />
      <section aria-labelledby="members-heading" className="card mt-4 overflow-x-auto">
        <h2 id="members-heading" className="mb-3 text-lg font-semibold">
          Current members
        </h2>
        <DataTable caption="Current members" columns={["Name", "Email", "Role", ""]} className="table-basic table-stack" rows={members} rowKey={(m) => m.id}>
          {(m) => {
            const editable = canAssignRole(shell.role, m.role);
            return (
              <>
                <td className="max-sm:font-semibold">
                  {m.name}
                  {m.id === currentMembershipId ? <span className="ml-1 text-xs text-slate-500">(you)</span> : null}
                </td>
                <td data-label="Email" className="[overflow-wrap:anywhere]">
                  {m.email}
                </td>
                <td data-label={editable ? undefined : "Role"}>
                  {editable ? (
                    <Form method="post" className="flex flex-wrap items-end gap-2">
                      <input type="hidden" name="intent" value="change-role" />
                      <input type="hidden" name="membershipId" value={m.id} />
                      <SelectField
                        label={`Role of ${m.name}`}
                        name="role"
                        defaultValue={m.role}
                        options={assignable.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
                      />
                      <button type="submit" className="btn-secondary">
                        Change role
                      </button>
                    </Form>
                  ) : (
                    ROLE_LABELS[m.role]
                  )}
                </td>
                <td>
                  {editable ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="membershipId" value={m.id} />
                      <button type="submit" className="btn-secondary" aria-label={`Remove ${m.name}`}>
                        Remove
                      </button>
                    </Form>
                  ) : null}
                </td>
              </>
            );
          }}
        </DataTable>
      </section>

      <section aria-labelledby="invite-heading" className="card mt-6 max-w-xl">
        <h2 id="invite-heading" className="mb-3 text-lg font-semibold">
          Invite someone
        </h2>
        <Form method="post" className="space-y-4" noValidate>
          <input type="hidden" name="intent" value="invite" />
          <TextField label="Email address" name="email" type="email" defaultValue={inviteValues.email} error={inviteErrors.email} required />
          <SelectField
            label="Role"
            name="role"
            defaultValue={inviteValues.role ?? "viewer"}
            error={inviteErrors.role}
            options={assignable.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
          />
          <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
            Send invitation
          </button>
        </Form>
      </section>

      {invitations.length > 0 ? (
        <section aria-labelledby="invitations-heading" className="card mt-6 overflow-x-auto">
          <h2 id="invitations-heading" className="mb-3 text-lg font-semibold">
            Open invitations
          </h2>
          <DataTable caption="Open invitations" columns={["Email", "Role", "Expires", ""]} className="table-basic table-stack" rows={invitations} rowKey={(invitation) => invitation.id}>
            {(invitation) => (
              <>
                <td className="font-medium [overflow-wrap:anywhere] sm:font-normal">{invitation.email}</td>
                <td data-label="Role">{ROLE_LABELS[invitation.role]}</td>
                <td data-label="Expires">{formatDateTime(invitation.expiresAt, shell.organisation)}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="invitationId" value={invitation.id} />
                    <button type="submit" className="btn-secondary" aria-label={`Revoke invitation for ${invitation.email}`}>
                      Revoke
                    </button>
                  </Form>
                </td>
              </>
            )}
          </DataTable>
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
