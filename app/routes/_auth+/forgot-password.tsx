import { json, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { FormError, TextField } from "~/components/forms";
import { PublicLayout } from "~/components/public-layout";
import { requestPasswordReset } from "~/workflows/request-password-reset.server";
import { forgotPasswordSchema } from "~/modules/identity/forms";
import { throttle } from "~/modules/platform/rate-limit.server";
import { db } from "~/db.server";
import { minutesUntil, parseForm, type FormFailure } from "~/utils/forms";
import { badRequest, keepRetryAfter, readFormData, tooManyRequests } from "~/utils/form-responses.server";
import { clientIp } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Forgot password · Folio" }];

/** Ten requests an hour from one address; the eleventh is refused for an hour. */
const RESET_REQUESTS = { allowed: 10, windowSeconds: 60 * 60, blockSeconds: 60 * 60 };

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const parsed = parseForm(forgotPasswordSchema, formData);
  if (!parsed.ok) return badRequest(parsed);
  const ip = clientIp(request);
  const retryAt = ip ? await throttle(db(), `reset:ip:${ip}`, RESET_REQUESTS) : null;
  if (retryAt) {
    return tooManyRequests({ values: { email: parsed.data.email }, formError: `Too many requests from your network. Try again in ${minutesUntil(retryAt)}.` }, retryAt);
  }
  await requestPasswordReset(parsed.data.email);
  return json({ sent: true as const, email: parsed.data.email });
}

export const headers = keepRetryAfter;

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>() as (FormFailure & { sent?: undefined }) | { sent: true; email: string } | undefined;
  if (actionData?.sent) {
    return (
      <PublicLayout>
        <h1 className="text-2xl font-bold">Check your email</h1>
        <p role="status" className="mt-2 text-slate-700">
          If an account exists for <strong>{actionData.email}</strong>, a link to choose a new password is on its way.
          It works once, for one hour.
        </p>
      </PublicLayout>
    );
  }
  const failure = actionData as FormFailure | undefined;
  return (
    <PublicLayout>
      <h1 className="text-2xl font-bold">Forgot your password?</h1>
      <Form method="post" className="card mt-6 space-y-4" noValidate>
        <FormError message={failure?.formError} />
        <TextField label="Email" name="email" type="email" autoComplete="email" defaultValue={failure?.values.email} error={failure?.errors.email} required />
        <button type="submit" className="btn-primary w-full">
          Email me a reset link
        </button>
        <p className="text-sm">
          <Link to="/login" className="link">
            Back to log in
          </Link>
        </p>
      </Form>
    </PublicLayout>
  );
}
