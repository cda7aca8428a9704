import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TextField } from "~/components/forms";
import { RegionalFields } from "~/components/regional-fields";
import { withTenant } from "~/modules/tenancy/context.server";
import { organisationSettingsSchema } from "~/modules/tenancy/forms";
import { allTimeZones, type RegionalSettings } from "~/modules/tenancy/regional";
import { requireMember } from "~/modules/tenancy/guards.server";
import { updateOrganisation } from "~/workflows/update-organisation.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm, type FormFailure } from "~/utils/forms";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { useOrganisation } from "~/utils/route-data";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireMember(request, params.org, "org:manage");
  return json({ timeZones: allTimeZones() });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "org:manage");
  const parsed = parseForm(organisationSettingsSchema, await readFormData(request));
  if (!parsed.ok) return badRequest(parsed);
  await withTenant(member.actor, (tx) => updateOrganisation(tx, member.organisation.id, parsed.data));
  return redirectWithFlash(`/app/${member.organisation.slug}/settings`, { kind: "success", message: "Organisation settings saved." });
}

export default function OrganisationSettings() {
  const { timeZones } = useLoaderData<typeof loader>();
  const { organisation } = useOrganisation();
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const values = actionData?.values ?? {};
  const errors = actionData?.errors ?? {};
  const initial = { currency: organisation.currency, timeZone: organisation.timeZone, locale: organisation.locale } as RegionalSettings;
  return (
    <>
      <PageHeader title="Organisation settings" description="Only owners can change these." />
      <Form method="post" className="card max-w-xl space-y-4" noValidate>
        <TextField label="Organisation name" name="name" defaultValue={values.name ?? organisation.name} error={errors.name} required />
        <RegionalFields values={values} errors={errors} initial={initial} timeZones={timeZones} />
        <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
          Save settings
        </button>
      </Form>
      <section aria-labelledby="export-heading" className="card mt-6 max-w-xl space-y-3">
        <h2 id="export-heading" className="text-lg font-semibold">
          Export all data
        </h2>
        <p className="text-slate-700">Every table of the organisation, as CSV and JSON files in one zip. The export is recorded in the audit trail.</p>
        <form method="post" action={`/app/${organisation.slug}/settings/export.zip`}>
          <button type="submit" className="btn-secondary">
            Download the export (zip)
          </button>
        </form>
      </section>
      <section aria-labelledby="cancel-heading" className="card mt-6 max-w-xl space-y-3">
        <h2 id="cancel-heading" className="text-lg font-semibold">
          Cancel the organisation
        </h2>
        <p className="text-slate-700">The organisation and all its data are deleted 30 days after cancellation; an owner can undo it until then.</p>
        <Link to={`/app/${organisation.slug}/settings/cancel`} className="link">
          Cancel the organisation…
        </Link>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
