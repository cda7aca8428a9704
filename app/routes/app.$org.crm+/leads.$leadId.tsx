import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { PageHeader } from "~/components/app-shell";
import { CardSection } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError, SelectField } from "~/components/forms";
import { LEAD_STATUS_LABELS, leadUpdateSchema } from "~/modules/crm/forms";
import { getLead, updateLead } from "~/modules/crm/leads.server";
import { LEAD_STATUSES } from "~/modules/crm/schema";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { listMembers } from "~/modules/tenancy/members.server";
import { can } from "~/modules/tenancy/permissions";
import { actionFailure, rethrowAsResponse } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { formValues, parseForm, type FormFailure } from "~/utils/forms";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { formatDateTime } from "~/utils/format";
import { useOrganisation } from "~/utils/route-data";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "crm:read");
  const { lead, members } = await withTenant(member.actor, async (tx) => ({
    lead: await getLead(tx, params.leadId ?? ""),
    members: can(member.role, "crm:write") ? await listMembers(tx) : [],
  })).catch(rethrowAsResponse);
  return json({
    lead: {
      ...lead,
      createdAt: lead.createdAt.toISOString(),
      updatedAt: lead.updatedAt.toISOString(),
      marketingConsentAt: lead.marketingConsentAt?.toISOString() ?? null,
    },
    members: [
      ...members.map((m) => ({ userId: m.userId, name: m.name })),
      // Keep an owner who has since left selectable, so saving the status does not unassign silently.
      ...(lead.ownerUserId && members.length > 0 && !members.some((m) => m.userId === lead.ownerUserId)
        ? [{ userId: lead.ownerUserId, name: `${lead.ownerName ?? "Former member"} (no longer a member)` }]
        : []),
    ],
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "crm:write");
  const formData = await readFormData(request);
  const parsed = parseForm(leadUpdateSchema, formData);
  if (!parsed.ok) return badRequest(parsed);
  try {
    await withTenant(member.actor, (tx) => updateLead(tx, params.leadId ?? "", parsed.data));
  } catch (error) {
    return actionFailure(error, formValues(formData));
  }
  return redirectWithFlash(`/app/${member.organisation.slug}/crm/leads/${params.leadId}`, { kind: "success", message: "Lead saved." });
}

/** The grid of a card's label and value pairs. */
const DETAILS = "grid grid-cols-[7rem_minmax(0,1fr)] gap-x-4 sm:grid-cols-[9rem_minmax(0,1fr)] gap-y-2 text-sm";

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="contents">
      <dt className="text-slate-500">{label}</dt>
      <dd className="whitespace-pre-line [overflow-wrap:anywhere]">{children ?? <span className="text-slate-400">(none)</span>}</dd>
    </div>
  );
}

export default function LeadDetail() {
  const { lead, members } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const { organisation, role } = useOrganisation();
  const base = `/app/${organisation.slug}/crm`;
  const values = actionData?.values ?? {};
  const errors = actionData?.errors ?? {};
  return (
    <>
      <PageHeader
        title={lead.name || lead.email || "Lead"}
        description={`${LEAD_STATUS_LABELS[lead.status]} lead · received ${formatDateTime(lead.createdAt, organisation)}`}
        actions={
          <Link to={`${base}/leads`} className="btn-secondary">
            All leads
          </Link>
        }
      />
      <div className="grid gap-6 lg:grid-cols-2 [&>*]:min-w-0">
        <CardSection id="contact-heading" title="Contact">
          <dl className={DETAILS}>
            <Detail label="Name">{lead.name}</Detail>
            <Detail label="Email">{lead.email}</Detail>
            <Detail label="Phone">{lead.phone}</Detail>
            <Detail label="Company">{lead.company}</Detail>
            <Detail label="Message">{lead.message}</Detail>
          </dl>
        </CardSection>
        <CardSection id="attribution-heading" title="Attribution">
          <dl className={DETAILS}>
            <Detail label="Landing page">
              {lead.sourcePageId && lead.sourcePageTitle ? (
                <Link to={`${base}/landing-pages/${lead.sourcePageId}`} className="link">
                  {lead.sourcePageTitle}
                </Link>
              ) : null}
            </Detail>
            <Detail label="Source">{lead.utmSource}</Detail>
            <Detail label="Medium">{lead.utmMedium}</Detail>
            <Detail label="Campaign">{lead.utmCampaign}</Detail>
            <Detail label="Term">{lead.utmTerm}</Detail>
            <Detail label="Content">{lead.utmContent}</Detail>
            <Detail label="Referrer">{lead.referrer}</Detail>
          </dl>
        </CardSection>
        <CardSection id="consent-heading" title="Marketing consent">
          {lead.marketingConsent ? (
            <dl className={DETAILS}>
              <Detail label="Given">{lead.marketingConsentAt ? formatDateTime(lead.marketingConsentAt, organisation) : "Yes"}</Detail>
              <Detail label="Wording agreed to">{lead.marketingConsentWording}</Detail>
            </dl>
          ) : (
            <p className="text-sm text-slate-700">Not given: do not send this person marketing email.</p>
          )}
        </CardSection>
        <CardSection id="follow-up-heading" title="Follow-up">
          {can(role, "crm:write") ? (
            <Form method="post" className="space-y-4" noValidate key={lead.updatedAt}>
              <FormError message={actionData?.formError} />
              <SelectField
                label="Status"
                name="status"
                defaultValue={values.status ?? lead.status}
                error={errors.status}
                options={LEAD_STATUSES.map((s) => ({ value: s, label: LEAD_STATUS_LABELS[s] }))}
              />
              <SelectField
                label="Owner"
                name="ownerUserId"
                defaultValue={values.ownerUserId ?? lead.ownerUserId ?? ""}
                error={errors.ownerUserId}
                options={[{ value: "", label: "Nobody" }, ...members.map((m) => ({ value: m.userId, label: m.name }))]}
              />
              <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
                Save
              </button>
            </Form>
          ) : (
            <dl className={DETAILS}>
              <Detail label="Status">{LEAD_STATUS_LABELS[lead.status]}</Detail>
              <Detail label="Owner">{lead.ownerName}</Detail>
            </dl>
          )}
        </CardSection>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
