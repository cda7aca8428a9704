import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SelectField, TextField } from "~/components/forms";
import { withTenant } from "~/modules/tenancy/context.server";
import { allTimeZones, CURRENCY_OPTIONS, LOCALE_OPTIONS, organisationSettingsSchema } from "~/modules/tenancy/forms";
import { requireMember } from "~/modules/tenancy/guards.server";
import { updateOrganisation } from "~/modules/tenancy/organisations.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, parseForm, type FormFailure, readFormData } from "~/utils/forms";
import { useOrganisation } from "~/utils/route-data";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireMember(request, params.org, "org:manage");
  return json({ timeZones: allTimeZones() });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "org:manage");
  const parsed = parseForm(organisationSettingsSchema, await readFormData(request));
  if (!parsed.ok) return badRequest(parsed);
  await withTenant(member.actor, (tx) => updateOrganisation(tx, member.tenant.id, parsed.data));
  return redirectWithFlash(`/app/${member.tenant.slug}/settings`, { kind: "success", message: "Organisation settings saved." });
}

export default function OrganisationSettings() {
  const { organisation } = useOrganisation();
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const values = actionData?.values ?? {};
  const errors = actionData?.errors ?? {};
  return (
    <>
      <PageHeader title="Organisation settings" description="Only owners can change these." />
      <Form method="post" className="card max-w-xl space-y-4" noValidate>
        <TextField label="Organisation name" name="name" defaultValue={values.name ?? organisation.name} error={errors.name} required />
        <SelectField
          label="Currency"
          name="currency"
          defaultValue={values.currency ?? organisation.currency}
          error={errors.currency}
          options={CURRENCY_OPTIONS.map((c) => ({ value: c, label: c }))}
        />
        <TextField
          label="Time zone"
          name="timeZone"
          list="time-zones"
          defaultValue={values.timeZone ?? organisation.timeZone}
          error={errors.timeZone}
          hint="For example Europe/Berlin or America/New_York."
        />
        <TimeZoneList />
        <SelectField
          label="Language and region"
          name="locale"
          defaultValue={values.locale ?? organisation.locale}
          error={errors.locale}
          options={LOCALE_OPTIONS.map((l) => ({ value: l, label: l }))}
        />
        <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
          Save settings
        </button>
      </Form>
    </>
  );
}

function TimeZoneList() {
  const { timeZones } = useLoaderData<typeof loader>();
  return (
    <datalist id="time-zones">
      {timeZones.map((zone) => (
        <option key={zone} value={zone} />
      ))}
    </datalist>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
