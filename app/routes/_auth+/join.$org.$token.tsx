import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { CheckboxField, FormError, TextField } from "~/components/forms";
import { PublicLayout } from "~/components/public-layout";
import { db } from "~/db.server";
import { createSessionCookie } from "~/modules/identity/auth.server";
import { invitedSignupSchema } from "~/modules/identity/forms";
import { getAuthenticated } from "~/modules/identity/session.server";
import { ensureFolioNotice } from "~/modules/privacy/notices.server";
import { findUserByEmail } from "~/modules/identity/users.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { findOpenInvitation } from "~/modules/tenancy/members.server";
import { findOrganisationBySlug } from "~/modules/tenancy/organisations.server";
import { ROLE_LABELS } from "~/modules/tenancy/permissions";
import { actionFailure } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { formValues, parseForm, type FormFailure } from "~/utils/forms";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { requestMeta } from "~/utils/request.server";
import { FOLIO_REGIONAL, formatDate } from "~/utils/format";
import { notFound } from "~/utils/responses.server";
import { acceptInvitation } from "~/workflows/accept-invitation.server";
import { signUpInvited } from "~/workflows/sign-up-invited.server";

export const meta: MetaFunction = () => [{ title: "Join an organisation · Folio" }];

/** The organisation and open invitation a link points at; anything else is a 404. */
async function loadInvitation(request: Request, slug: string | undefined, token: string | undefined) {
  const organisation = slug ? await findOrganisationBySlug(db(), slug) : undefined;
  if (!organisation || organisation.status !== "active" || !token) throw notFound("This invitation is not valid. Ask the person who invited you for a new one.");
  const invitation = await withTenant({ tenantId: organisation.id, userId: null, dataScope: "all", ...requestMeta(request) }, (tx) => findOpenInvitation(tx, token));
  if (!invitation) throw notFound("This invitation has expired, was revoked or was already used. Ask for a new one.");
  return { organisation, invitation };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, invitation } = await loadInvitation(request, params.org, params.token);
  const authenticated = await getAuthenticated(request);
  const accountExists = Boolean(await findUserByEmail(db(), invitation.email));
  const { current } = await ensureFolioNotice();
  return json({
    privacyNotice: { version: String(current.version), lastUpdated: current.lastUpdated },
    organisationName: organisation.name,
    role: invitation.role,
    email: invitation.email,
    signedInAs: authenticated?.user.email ?? null,
    accountExists,
  });
}

async function accept(request: Request, tenantId: string, token: string, user: { id: string; email: string }) {
  return withTenant({ tenantId, userId: user.id, dataScope: "all", ...requestMeta(request) }, (tx) => acceptInvitation(tx, token, user));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, invitation } = await loadInvitation(request, params.org, params.token);
  const token = params.token!;
  const formData = await readFormData(request);
  const authenticated = await getAuthenticated(request);
  try {
    if (authenticated) {
      await accept(request, organisation.id, token, authenticated.user);
      return redirectWithFlash(`/app/${organisation.slug}`, { kind: "success", message: `Welcome to ${organisation.name}.` });
    }
    const parsed = parseForm(invitedSignupSchema, formData);
    if (!parsed.ok) return badRequest(parsed);
    const user = await signUpInvited({ name: parsed.data.name, email: invitation.email, password: parsed.data.password, privacyNoticeVersion: parsed.data.privacyNoticeVersion });
    await accept(request, organisation.id, token, user);
    return redirect(`/app/${organisation.slug}`, { headers: { "Set-Cookie": await createSessionCookie(user.id) } });
  } catch (error) {
    return actionFailure(error, formValues(formData));
  }
}

export default function Join() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const here = useLocation().pathname;
  return (
    <PublicLayout>
      <h1 className="text-2xl font-bold">Join {data.organisationName}</h1>
      <p className="mt-2 text-slate-700">
        You were invited as <strong>{ROLE_LABELS[data.role]}</strong> with the address <strong>{data.email}</strong>.
      </p>
      <div className="mt-4">
        <FormError message={actionData?.formError} />
      </div>
      {data.signedInAs ? (
        data.signedInAs === data.email ? (
          <Form method="post" className="mt-6">
            <button type="submit" className="btn-primary">
              Accept invitation
            </button>
          </Form>
        ) : (
          <div className="card mt-6 space-y-3">
            <p>
              You are signed in as {data.signedInAs}. Log out and sign in as {data.email} to accept this invitation.
            </p>
            <Form method="post" action="/logout">
              <button type="submit" className="btn-secondary">
                Log out
              </button>
            </Form>
          </div>
        )
      ) : data.accountExists ? (
        <p className="mt-6">
          <Link to={`/login?redirectTo=${encodeURIComponent(here)}`} className="btn-primary">
            Log in to accept
          </Link>
        </p>
      ) : (
        <Form method="post" className="card mt-6 space-y-4" noValidate>
          <p className="text-sm text-slate-600">Create your account to join.</p>
          <TextField label="Your name" name="name" autoComplete="name" defaultValue={actionData?.values.name} error={actionData?.errors.name} required />
          <TextField label="Password" name="password" type="password" autoComplete="new-password" error={actionData?.errors.password} hint="At least 10 characters; common passwords are refused." required />
          <input type="hidden" name="privacyNoticeVersion" value={data.privacyNotice.version} />
          <CheckboxField
            name="adult"
            error={actionData?.errors.adult}
            label={
              <>
                I am 18 or older and have read the{" "}
                <Link to="/privacy" className="link" target="_blank">
                  privacy notice
                </Link>{" "}
                (version {data.privacyNotice.version}, last updated {formatDate(data.privacyNotice.lastUpdated, FOLIO_REGIONAL.locale)}).
              </>
            }
          />
          <button type="submit" className="btn-primary w-full">
            Create account and join
          </button>
        </Form>
      )}
    </PublicLayout>
  );
}
