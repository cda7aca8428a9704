import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { FlashMessage } from "~/components/flash-message";
import { FormError, TextField } from "~/components/forms";
import { PublicLayout } from "~/components/public-layout";
import { login } from "~/workflows/log-in.server";
import { loginSchema } from "~/modules/identity/forms";
import { requireAnonymous } from "~/modules/identity/session.server";
import { minutesUntil, parseForm, type FormFailure } from "~/utils/forms";
import { badRequest, formFailure, keepRetryAfter, readFormData, tooManyRequests } from "~/utils/form-responses.server";
import { requestMeta, safeRedirectTarget } from "~/utils/request.server";
import { useRootData } from "~/root";
import { redirectWithFlash } from "~/utils/flash.server";

export const meta: MetaFunction = () => [{ title: "Log in · Folio" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const parsed = parseForm(loginSchema, formData);
  if (!parsed.ok) return badRequest(parsed);
  // Where to go next is not the person's to correct: a target that is not a path of this app is simply not followed.
  const redirectTo = safeRedirectTarget(formData.get("redirectTo"));
  const values = { email: parsed.data.email, redirectTo };
  const result = await login({ email: parsed.data.email, password: parsed.data.password, ...requestMeta(request) });
  if (result.ok) {
    if (result.deletionCancelled) {
      // Told on the account's privacy page (where deletion is asked for), not after a chain of redirects that would drop the message.
      return redirectWithFlash(
        "/account/privacy",
        { kind: "success", message: "Welcome back. Your account was going to be deleted; signing in has cancelled the deletion, and your account stays." },
        { headers: { "Set-Cookie": result.sessionCookie } },
      );
    }
    return redirect(redirectTo, { headers: { "Set-Cookie": result.sessionCookie } });
  }
  if (result.reason === "invalid") {
    return formFailure({ values, formError: "The email or password is not correct." }, 401);
  }
  const wait = minutesUntil(result.retryAt);
  const formError =
    result.reason === "account_locked"
      ? `Too many failed attempts: this account is locked for ${wait} more. You can reset your password meanwhile.`
      : `Too many failed attempts from your network. Try again in ${wait}.`;
  return tooManyRequests({ values, formError }, result.retryAt);
}

export const headers = keepRetryAfter;

export default function Login() {
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const root = useRootData();
  const values = actionData?.values ?? {};
  const errors = actionData?.errors ?? {};
  return (
    <PublicLayout>
      <h1 className="text-2xl font-bold">Log in to Folio</h1>
      <p className="mt-1 text-sm text-slate-600">
        New here?{" "}
        <Link to="/signup" className="link">
          Create an organisation
        </Link>
      </p>
      <div className="mt-6">
        {/* Arriving from an emailed link: "Your email address is verified." */}
        <FlashMessage flash={root?.flash ?? null} />
      </div>
      <Form method="post" className="card space-y-4" noValidate>
        <FormError message={actionData?.formError} />
        <input type="hidden" name="redirectTo" value={values.redirectTo ?? searchParams.get("redirectTo") ?? ""} />
        <TextField label="Email" name="email" type="email" autoComplete="email" defaultValue={values.email} error={errors.email} required />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" error={errors.password} required />
        <button type="submit" className="btn-primary w-full" disabled={navigation.state === "submitting"}>
          Log in
        </button>
        <p className="text-sm">
          <Link to="/forgot-password" className="link">
            Forgot your password?
          </Link>
        </p>
      </Form>
    </PublicLayout>
  );
}
