import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CheckboxField, FormError, TextField } from "~/components/forms";
import { PublicLayout } from "~/components/public-layout";
import { RegionalFields } from "~/components/regional-fields";
import { createSessionCookie, PasswordError } from "~/modules/identity/auth.server";
import { signupSchema } from "~/modules/identity/forms";
import { requireAnonymous } from "~/modules/identity/session.server";
import { EmailTakenError, signUp } from "~/modules/identity/signup.server";
import { ensureFolioNotice } from "~/modules/privacy/notices.server";
import { allTimeZones, regionalDefaults, regionalSettingsSchema } from "~/modules/tenancy/regional";
import { badRequest, formValues, parseForm, type FormFailure, readFormData } from "~/utils/forms";
import { FOLIO_REGIONAL, formatDate } from "~/utils/format";
import { requestMeta } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Sign up · Folio" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  const { current } = await ensureFolioNotice();
  return json({
    privacyNotice: { version: String(current.version), lastUpdated: current.lastUpdated },
    timeZones: allTimeZones(),
    regional: regionalDefaults(request.headers.get("accept-language")),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const formData = await readFormData(request);
  const parsed = parseForm(signupSchema.merge(regionalSettingsSchema), formData);
  if (!parsed.ok) return badRequest(parsed);
  const { currency, timeZone, locale, ...account } = parsed.data;
  try {
    const { user } = await signUp({ ...account, regional: { currency, timeZone, locale } }, requestMeta(request));
    return redirect("/verify-email", { headers: { "Set-Cookie": await createSessionCookie(user.id) } });
  } catch (error) {
    if (error instanceof PasswordError) return badRequest({ errors: { password: error.message }, values: formValues(formData) });
    if (error instanceof EmailTakenError) {
      return badRequest({ errors: { email: "An account with this email already exists. Log in or reset your password." }, values: formValues(formData) });
    }
    throw error;
  }
}

export default function SignUp() {
  const { privacyNotice, timeZones, regional } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const values = actionData?.values ?? {};
  const errors = actionData?.errors ?? {};
  return (
    <PublicLayout>
      <h1 className="text-2xl font-bold">Create your organisation</h1>
      <p className="mt-1 text-sm text-slate-600">
        Already have an account?{" "}
        <Link to="/login" className="link">
          Log in
        </Link>
      </p>
      <Form method="post" className="card mt-6 space-y-4" noValidate>
        <FormError message={actionData?.formError} />
        <TextField label="Your name" name="name" autoComplete="name" defaultValue={values.name} error={errors.name} required />
        <TextField label="Email" name="email" type="email" autoComplete="email" defaultValue={values.email} error={errors.email} required />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          error={errors.password}
          hint="At least 10 characters; common passwords are refused."
          required
        />
        <TextField
          label="Organisation name"
          name="organisationName"
          autoComplete="organization"
          defaultValue={values.organisationName}
          error={errors.organisationName}
          required
        />
        <RegionalFields values={values} errors={errors} initial={regional} timeZones={timeZones} guessTimeZone={!actionData} />
        <input type="hidden" name="privacyNoticeVersion" value={privacyNotice.version} />
        <CheckboxField
          name="adult"
          defaultChecked={values.adult === "on"}
          error={errors.adult}
          label={
            <>
              I am 18 or older and have read the{" "}
              <Link to="/privacy" className="link" target="_blank">
                privacy notice
              </Link>{" "}
              (version {privacyNotice.version}, last updated {formatDate(privacyNotice.lastUpdated, FOLIO_REGIONAL.locale)}).
            </>
          }
        />
        <button type="submit" className="btn-primary w-full" disabled={navigation.state === "submitting"}>
          Create account
        </button>
      </Form>
    </PublicLayout>
  );
}
