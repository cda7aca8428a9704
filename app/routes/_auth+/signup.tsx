import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CheckboxField, FormError, TextField } from "~/components/forms";
import { PublicLayout } from "~/components/public-layout";
import { RegionalFields } from "~/components/regional-fields";
import { db } from "~/db.server";
import { signupSchema } from "~/modules/identity/forms";
import { requireAnonymous } from "~/modules/identity/session.server";
import { throttle } from "~/modules/platform/rate-limit.server";
import { ensureFolioNotice } from "~/modules/privacy/notices.server";
import { allTimeZones, regionalDefaults, regionalSettingsSchema } from "~/modules/tenancy/regional";
import { formValues, minutesUntil, parseForm, type FormFailure } from "~/utils/forms";
import { badRequest, keepRetryAfter, readFormData, tooManyRequests } from "~/utils/form-responses.server";
import { actionFailure } from "~/utils/errors.server";
import { FOLIO_REGIONAL, formatDate } from "~/utils/format";
import { clientIp, requestMeta } from "~/utils/request.server";
import { signUpOrTellOwner } from "~/workflows/sign-up-or-tell-owner.server";

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

/** Ten sign-ups from one address in 10 minutes; the next is refused for an hour. */
const SIGNUPS_PER_ADDRESS = { allowed: 10, windowSeconds: 10 * 60, blockSeconds: 60 * 60 };

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const formData = await readFormData(request);
  const parsed = parseForm(signupSchema.merge(regionalSettingsSchema), formData);
  if (!parsed.ok) return badRequest(parsed);
  const ip = clientIp(request);
  const retryAt = ip ? await throttle(db(), `signup:ip:${ip}`, SIGNUPS_PER_ADDRESS) : null;
  if (retryAt) {
    return tooManyRequests({ values: formValues(formData), formError: `Too many sign-ups from your network. Try again in ${minutesUntil(retryAt)}.` }, retryAt);
  }
  const { currency, timeZone, locale, ...account } = parsed.data;
  try {
    // The same answer whether the address is new or has an account (whose owner is mailed instead): no session
    // yet, the emailed link verifies the address and the person then logs in.
    await signUpOrTellOwner({ ...account, regional: { currency, timeZone, locale } }, requestMeta(request));
    return json({ sent: true as const, email: parsed.data.email });
  } catch (error) {
    return actionFailure(error, formValues(formData));
  }
}

export const headers = keepRetryAfter;

export default function SignUp() {
  const { privacyNotice, timeZones, regional } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as FormFailure | { sent: true; email: string } | undefined;
  const navigation = useNavigation();
  if (answer && "sent" in answer) {
    return (
      <PublicLayout>
        <h1 className="text-2xl font-bold">Check your email</h1>
        <p role="status" className="mt-2 text-slate-700">
          We sent a message to <strong>{answer.email}</strong>. Open its link to verify your address, then log in to start
          using Folio. If the address already has an account, the message says how to log in or reset your password.
        </p>
      </PublicLayout>
    );
  }
  const actionData = answer;
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
