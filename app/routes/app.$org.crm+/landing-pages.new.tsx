import { type ActionFunctionArgs, type LoaderFunctionArgs, json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { LandingPageForm } from "~/components/crm/landing-page-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { landingPageSchema } from "~/modules/crm/forms";
import { createLandingPage, landingFormValues } from "~/modules/crm/landing-pages.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { actionFailure } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm, type FormFailure } from "~/utils/forms";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { useOrganisation } from "~/utils/route-data";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "crm:write");
  // New leads are told to the page's creator unless another address is entered.
  return json({ notificationEmail: member.user.email });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "crm:write");
  const formData = await readFormData(request);
  const parsed = parseForm(landingPageSchema, formData);
  if (!parsed.ok) return badRequest({ errors: parsed.errors, values: landingFormValues(formData) });
  try {
    const page = await withTenant(member.actor, (tx) => createLandingPage(tx, parsed.data));
    return redirectWithFlash(`/app/${member.organisation.slug}/crm/landing-pages/${page.id}`, {
      kind: "success",
      message: page.isPublished ? `Landing page "${page.title}" is published.` : `Landing page "${page.title}" is saved as a draft.`,
    });
  } catch (error) {
    return actionFailure(error, landingFormValues(formData));
  }
}

export default function NewLandingPage() {
  const { notificationEmail } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const { organisation } = useOrganisation();
  return (
    <>
      <PageHeader title="New landing page" description="A public page with a lead form. It stays a draft until you publish it." />
      <section className="card max-w-2xl">
        <LandingPageForm
          organisationSlug={organisation.slug}
          actionData={actionData}
          submitLabel="Create landing page"
          initial={{
            title: "",
            slug: "",
            bodyMarkdown: "",
            fields: ["name", "email"],
            marketingConsentEnabled: false,
            marketingConsentWording: "I agree to receive marketing email. I can unsubscribe at any time.",
            notificationEmail,
            isPublished: false,
          }}
        />
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
