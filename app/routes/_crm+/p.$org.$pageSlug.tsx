import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, type ShouldRevalidateFunction } from "@remix-run/react";
import { CheckboxField, FormError, TextAreaField, TextField } from "~/components/forms";
import { MarkdownContent } from "~/components/markdown";
import { OrganisationPublicLayout } from "~/components/organisation-public-layout";
import { db } from "~/db.server";
import { HONEYPOT_FIELD, LANDING_FIELD_LABELS, LEAD_LIMITS, leadSubmissionSchema, UTM_PARAMETERS, utmQuerySchema } from "~/modules/crm/forms";
import { cleanReferrer, findPublishedLandingPage, hitLandingSubmissionLimit, recordVisit, submitLead } from "~/modules/crm/landing-pages.server";
import { readConsent } from "~/modules/privacy/consent.server";
import { isAppError } from "~/modules/platform/errors";
import { listNotices } from "~/modules/privacy/notices.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { findOrganisationBySlug } from "~/modules/tenancy/organisations.server";
import { formValues, parseForm, readQuery, type FieldErrors, type FormValues } from "~/utils/forms";
import { keepRetryAfter, readFormData } from "~/utils/form-responses.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { requestMeta } from "~/utils/request.server";
import { notFound } from "~/utils/responses.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.page.title} · ${data.organisation.name}` : "Page not found" }];

const NOT_FOUND = "This page does not exist or is no longer published.";

/** The organisation behind the address and what the public form acts as: no user, the whole organisation. */
async function resolveOrganisation(request: Request, slug: string | undefined) {
  const organisation = slug && slug.length <= 100 ? await findOrganisationBySlug(db(), slug.toLowerCase()) : undefined;
  if (!organisation || organisation.status !== "active") throw notFound(NOT_FOUND);
  const actor = { tenantId: organisation.id, userId: null, dataScope: "all" as const, ...requestMeta(request) };
  return { organisation, actor };
}

/** The visitor's consent id, only when their marketing consent on this organisation's pages allows linking visits. */
async function linkableVisitor(request: Request, organisation: { id: string; slug: string }): Promise<string | null> {
  const consent = await readConsent(request, { kind: "organisation", tenantId: organisation.id, slug: organisation.slug });
  return consent.consentId && consent.categories.includes("marketing") ? consent.consentId : null;
}

/**
 * A published landing page. Each view records a visit with its UTM parameters and referrer; the values go along
 * in hidden fields, so a submission is attributed to the visit it came from (or, with marketing consent, to the
 * visitor's first campaign: see attributeLead).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, actor } = await resolveOrganisation(request, params.org);
  // UTM parameters come from links, not people: one that cannot be read is left out without a word.
  const { query: utm } = readQuery(request, utmQuerySchema);
  const referrer = cleanReferrer(request.headers.get("referer"));
  // After a form post without JavaScript, Remix renders the page again with the post's headers: that is not a visit.
  const isVisit = !request.headers.get("content-type");
  const visitorId = isVisit ? await linkableVisitor(request, organisation) : null;
  const found = await withTenant(actor, async (tx) => {
    const page = await findPublishedLandingPage(tx, params.pageSlug ?? "");
    if (!page) return undefined;
    if (isVisit) await recordVisit(tx, page, { visitorId, utm, referrer });
    return { page, hasNotice: (await listNotices(tx, "organisation")).length > 0 };
  });
  if (!found) throw notFound(NOT_FOUND);
  const { page, hasNotice } = found;
  return json({
    organisation: { name: organisation.name, slug: organisation.slug },
    page: {
      title: page.title,
      html: renderMarkdown(page.bodyMarkdown),
      fields: page.fields,
      consentWording: page.marketingConsentEnabled ? page.marketingConsentWording : null,
    },
    carried: { ...utm, referrer },
    hasNotice,
  });
}

/** The form's own submissions never re-run the loader: that would count a second visit. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod && formMethod.toUpperCase() !== "GET" ? false : defaultShouldRevalidate;

type ActionData =
  | { outcome: "thanks" }
  | { outcome: "too-many"; minutes: number }
  | { outcome: "invalid"; errors: FieldErrors; values: FormValues; consentWording?: string | null; formError?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, actor } = await resolveOrganisation(request, params.org);
  const blockedUntil = await hitLandingSubmissionLimit(db(), organisation.id, actor.ip ?? null);
  if (blockedUntil) {
    const minutes = Math.max(1, Math.ceil((blockedUntil.getTime() - Date.now()) / 60_000));
    return json<ActionData>({ outcome: "too-many", minutes }, { status: 429, headers: { "Retry-After": String(minutes * 60) } });
  }
  const formData = await readFormData(request);
  const page = await withTenant(actor, (tx) => findPublishedLandingPage(tx, params.pageSlug ?? ""));
  if (!page) throw notFound(NOT_FOUND);
  // A bot filled in the field people never see: it is told it succeeded, and nothing is kept.
  const honeypot = formData.get(HONEYPOT_FIELD);
  if (honeypot !== null && honeypot !== "") return json<ActionData>({ outcome: "thanks" });
  const parsed = parseForm(leadSubmissionSchema(page.fields), formData);
  if (!parsed.ok) {
    const { [HONEYPOT_FIELD]: _honeypot, ...values } = parsed.values;
    return json<ActionData>({ outcome: "invalid", errors: parsed.errors, values, formError: parsed.formError }, { status: 400 });
  }
  const visitorId = await linkableVisitor(request, organisation);
  try {
    await withTenant(actor, (tx) => submitLead(tx, page, { submission: parsed.data, visitorId }));
  } catch (error) {
    if (!isAppError(error) || error.code !== "invalid" || !error.field) throw error;
    const { [HONEYPOT_FIELD]: _honeypot, marketingConsent: _unticked, ...values } = formValues(formData);
    const consentWording = page.marketingConsentEnabled ? page.marketingConsentWording : null;
    return json<ActionData>({ outcome: "invalid", errors: { [error.field]: error.message }, values, consentWording }, { status: 400 });
  }
  return json<ActionData>({ outcome: "thanks" });
}

export const headers = keepRetryAfter;

export default function LandingPage() {
  const { organisation, page, carried, hasNotice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const invalid = actionData?.outcome === "invalid" ? actionData : null;
  const values = invalid?.values ?? {};
  const errors = invalid?.errors ?? {};
  const asks = (field: string) => page.fields.includes(field);
  // After a refusal because the wording changed, the new wording is the one to show.
  const consentWording = invalid && invalid.consentWording !== undefined ? invalid.consentWording : page.consentWording;
  return (
    <OrganisationPublicLayout organisation={organisation}>
      <article className="grid gap-10 md:grid-cols-[3fr_2fr]">
        <div>
          <h1 className="text-3xl font-bold">{page.title}</h1>
          <MarkdownContent html={page.html} className="mt-4" />
        </div>
        <section aria-labelledby="form-heading" className="card self-start">
          {actionData?.outcome === "thanks" ? (
            <div role="status">
              <h2 id="form-heading" className="text-xl font-semibold">
                Thank you!
              </h2>
              <p className="mt-2 text-slate-700">We have received your details and will be in touch soon.</p>
            </div>
          ) : actionData?.outcome === "too-many" ? (
            <div role="alert">
              <h2 id="form-heading" className="text-xl font-semibold">
                Too many submissions
              </h2>
              <p className="mt-2 text-slate-700">
                We received several forms from your network in the last few minutes. Please try again in {actionData.minutes} minute
                {actionData.minutes === 1 ? "" : "s"}.
              </p>
            </div>
          ) : (
            <>
              <h2 id="form-heading" className="mb-4 text-xl font-semibold">
                Leave your details
              </h2>
              <Form method="post" className="space-y-4" noValidate>
                {invalid ? <FormError message={invalid.formError ?? "Please correct the fields marked below."} /> : null}
                {asks("name") ? (
                  <TextField label="Name" name="name" autoComplete="name" maxLength={LEAD_LIMITS.name} defaultValue={values.name} error={errors.name} required />
                ) : null}
                <TextField
                  label="Email"
                  name="email"
                  type="email"
                  autoComplete="email"
                  maxLength={LEAD_LIMITS.email}
                  defaultValue={values.email}
                  error={errors.email}
                  required
                />
                {asks("phone") ? (
                  <TextField
                    label={`${LANDING_FIELD_LABELS.phone} (optional)`}
                    name="phone"
                    type="tel"
                    autoComplete="tel"
                    maxLength={LEAD_LIMITS.phone}
                    defaultValue={values.phone}
                    error={errors.phone}
                  />
                ) : null}
                {asks("company") ? (
                  <TextField
                    label={`${LANDING_FIELD_LABELS.company} (optional)`}
                    name="company"
                    autoComplete="organization"
                    maxLength={LEAD_LIMITS.company}
                    defaultValue={values.company}
                    error={errors.company}
                  />
                ) : null}
                {asks("message") ? (
                  <TextAreaField
                    label={`${LANDING_FIELD_LABELS.message} (optional)`}
                    name="message"
                    rows={4}
                    maxLength={LEAD_LIMITS.message}
                    defaultValue={values.message}
                    error={errors.message}
                  />
                ) : null}
                {consentWording ? (
                  <>
                    <CheckboxField name="marketingConsent" defaultChecked={values.marketingConsent === "on"} error={errors.marketingConsent} label={consentWording} />
                    <input type="hidden" name="consentWording" value={consentWording} />
                  </>
                ) : null}
                {/* People never see this field; bots that fill every field give themselves away. */}
                <div aria-hidden="true" className="absolute -left-[10000px] top-auto h-px w-px overflow-hidden">
                  <label htmlFor="landing-website">Leave this empty</label>
                  <input id="landing-website" type="text" name={HONEYPOT_FIELD} tabIndex={-1} autoComplete="off" defaultValue="" />
                </div>
                {UTM_PARAMETERS.map((name) => (
                  <input key={name} type="hidden" name={name} value={values[name] ?? carried[name] ?? ""} />
                ))}
                <input type="hidden" name="referrer" value={values.referrer ?? carried.referrer ?? ""} />
                <button type="submit" className="btn-primary w-full" disabled={navigation.state === "submitting"}>
                  Send
                </button>
                {hasNotice ? (
                  <p className="text-xs text-slate-600">
                    How {organisation.name} uses your details:{" "}
                    <Link to={`/o/${organisation.slug}/privacy`} className="link">
                      privacy notice
                    </Link>
                    .
                  </p>
                ) : null}
              </Form>
            </>
          )}
        </section>
      </article>
    </OrganisationPublicLayout>
  );
}
