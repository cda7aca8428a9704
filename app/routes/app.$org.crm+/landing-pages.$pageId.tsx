import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { LandingPageForm } from "~/components/crm/landing-page-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { MarkdownContent } from "~/components/markdown";
import { LANDING_FIELD_LABELS, landingPageSchema } from "~/modules/crm/forms";
import { getLandingPage, landingFormValues, updateLandingPage } from "~/modules/crm/landing-pages.server";
import type { LandingField } from "~/modules/crm/schema";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { actionFailure, rethrowAsResponse } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm, type FormFailure } from "~/utils/forms";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { formatDateTime } from "~/utils/format";
import { useOrganisation } from "~/utils/route-data";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "crm:read");
  const page = await withTenant(member.actor, (tx) => getLandingPage(tx, params.pageId ?? "")).catch(rethrowAsResponse);
  return json({
    page: {
      id: page.id,
      title: page.title,
      slug: page.slug,
      bodyMarkdown: page.bodyMarkdown,
      fields: page.fields,
      marketingConsentEnabled: page.marketingConsentEnabled,
      marketingConsentWording: page.marketingConsentWording ?? "",
      notificationEmail: page.notificationEmail ?? "",
      isPublished: page.isPublished,
      updatedAt: page.updatedAt.toISOString(),
    },
    html: renderMarkdown(page.bodyMarkdown),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "crm:write");
  const formData = await readFormData(request);
  const parsed = parseForm(landingPageSchema, formData);
  if (!parsed.ok) return badRequest({ errors: parsed.errors, values: landingFormValues(formData) });
  try {
    const page = await withTenant(member.actor, (tx) => updateLandingPage(tx, params.pageId ?? "", parsed.data));
    return redirectWithFlash(`/app/${member.organisation.slug}/crm/landing-pages/${page.id}`, { kind: "success", message: "Landing page saved." });
  } catch (error) {
    return actionFailure(error, landingFormValues(formData));
  }
}

export default function LandingPageDetail() {
  const { page, html } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const { organisation, role } = useOrganisation();
  const publicPath = `/p/${organisation.slug}/${page.slug}`;
  return (
    <>
      <PageHeader
        title={page.title}
        description={
          <>
            {page.isPublished ? "Published at " : "Draft; once published it will be at "}
            {page.isPublished ? (
              <a href={publicPath} className="link" target="_blank" rel="noreferrer">
                {publicPath}
              </a>
            ) : (
              publicPath
            )}
          </>
        }
        actions={
          <div className="flex gap-2">
            <Link to={`/app/${organisation.slug}/crm/leads?pageId=${page.id}`} className="btn-secondary">
              Leads from this page
            </Link>
            <Link to={`/app/${organisation.slug}/crm/landing-pages`} className="btn-secondary">
              All landing pages
            </Link>
          </div>
        }
      />
      {can(role, "crm:write") ? (
        <section aria-label="Landing page settings" className="card max-w-2xl">
          <LandingPageForm key={page.updatedAt} organisationSlug={organisation.slug} actionData={actionData} submitLabel="Save landing page" initial={page} />
        </section>
      ) : (
        <section aria-labelledby="page-heading" className="card max-w-2xl space-y-4">
          <h2 id="page-heading" className="text-lg font-semibold">
            Content
          </h2>
          <MarkdownContent html={html} />
          <dl className="grid grid-cols-[12rem_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
            <dt className="text-slate-500">Fields asked</dt>
            <dd>{page.fields.map((f) => LANDING_FIELD_LABELS[f as LandingField] ?? f).join(", ")}</dd>
            <dt className="text-slate-500">Marketing consent</dt>
            <dd>{page.marketingConsentEnabled ? page.marketingConsentWording : "Not offered"}</dd>
            <dt className="text-slate-500">New leads notified to</dt>
            <dd>{page.notificationEmail || "—"}</dd>
          </dl>
        </section>
      )}
      <p className="mt-6 text-xs text-slate-500">Last changed {formatDateTime(page.updatedAt, organisation)}</p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
