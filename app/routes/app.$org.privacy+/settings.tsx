import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ParentLink } from "~/components/section-links";
import { FormError, TextField } from "~/components/forms";
import { askAgainSchema, privacySettingsSchema } from "~/modules/privacy/consent-forms";
import { askEveryoneAgain, getPrivacySettings, updatePrivacySettings } from "~/modules/privacy/privacy-settings.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm, type FormFailure } from "~/utils/forms";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { useOrganisation } from "~/utils/route-data";

export const meta: MetaFunction = () => [{ title: "Privacy settings · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "privacy:manage");
  const settings = await withTenant(member.actor, (tx) => getPrivacySettings(tx));
  return json({ settings });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "privacy:manage");
  const formData = await readFormData(request);
  const back = `/app/${member.organisation.slug}/privacy/settings`;
  if (formData.get("intent") === "ask-again") {
    const parsed = parseForm(askAgainSchema, formData);
    if (!parsed.ok) return badRequest(parsed);
    const row = await withTenant(member.actor, (tx) => askEveryoneAgain(tx));
    return redirectWithFlash(back, { kind: "success", message: `Banner revision ${row.bannerRevision}: every visitor of your public pages is asked again.` });
  }
  const parsed = parseForm(privacySettingsSchema, formData);
  if (!parsed.ok) return badRequest(parsed);
  await withTenant(member.actor, (tx) => updatePrivacySettings(tx, parsed.data));
  return redirectWithFlash(back, { kind: "success", message: "Privacy settings saved." });
}

export default function PrivacySettings() {
  const { settings } = useLoaderData<typeof loader>();
  const { organisation } = useOrganisation();
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const values = actionData?.values ?? {};
  const errors = actionData?.errors ?? {};
  const busy = navigation.state === "submitting";
  return (
    <>
      <ParentLink to={`/app/${organisation.slug}/privacy`}>Privacy</ParentLink>
      <PageHeader title="Privacy settings" description="What your public pages may load once a visitor allows it." />
      <div className="grid max-w-3xl gap-6">
        <Form method="post" className="card space-y-4" noValidate aria-labelledby="tools-title">
          <h2 id="tools-title" className="text-lg font-semibold">
            Tools loaded with consent
          </h2>
          <p className="text-sm text-slate-600">
            A tool's script is added to your public pages only for visitors who allowed its category, and removed with their
            cookies when they withdraw. Leave a field empty to load nothing.
          </p>
          <FormError message={actionData?.formError} />
          <input type="hidden" name="intent" value="save" />
          <TextField
            label="Analytics measurement id"
            name="analyticsMeasurementId"
            defaultValue={values.analyticsMeasurementId ?? settings.analyticsMeasurementId ?? ""}
            error={errors.analyticsMeasurementId}
            hint="Google Analytics 4, for example G-ABC123XYZ. Loaded for visitors who allow analytics cookies."
            autoComplete="off"
            spellCheck={false}
          />
          <TextField
            label="Marketing pixel id"
            name="marketingPixelId"
            defaultValue={values.marketingPixelId ?? settings.marketingPixelId ?? ""}
            error={errors.marketingPixelId}
            hint="Meta pixel, 6 to 20 digits. Loaded for visitors who allow marketing cookies."
            autoComplete="off"
            inputMode="numeric"
            spellCheck={false}
          />
          <button type="submit" className="btn-primary" disabled={busy}>
            Save privacy settings
          </button>
        </Form>
        <Form method="post" className="card space-y-4" aria-labelledby="revision-title">
          <h2 id="revision-title" className="text-lg font-semibold">
            Ask everyone again
          </h2>
          <p className="text-sm text-slate-600">
            The banner is at revision {settings.bannerRevision}. When you use cookies for something new (another tool with a
            different purpose), raise the revision: every visitor sees the banner again, and earlier choices no longer count.
          </p>
          <input type="hidden" name="intent" value="ask-again" />
          <button type="submit" className="btn-secondary" disabled={busy}>
            Ask everyone again
          </button>
        </Form>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
