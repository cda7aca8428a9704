import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError, TextField } from "~/components/forms";
import { PublicLayout } from "~/components/public-layout";
import { resetPasswordSchema } from "~/modules/identity/forms";
import { actionFailure } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm, type FormFailure } from "~/utils/forms";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { resetPassword } from "~/workflows/reset-password.server";

export const meta: MetaFunction = () => [{ title: "Choose a new password · Folio" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return json({ token: new URL(request.url).searchParams.get("token") ?? "" });
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const parsed = parseForm(resetPasswordSchema, formData);
  if (!parsed.ok) return badRequest(parsed);
  try {
    const user = await resetPassword(parsed.data.token, parsed.data.password);
    if (!user) return badRequest({ values: {}, formError: "This link no longer works: reset links work once, for one hour. Ask for a new one." });
  } catch (error) {
    return actionFailure(error, {});
  }
  return redirectWithFlash("/login", { kind: "success", message: "Your password is changed. Log in with the new one." });
}

export default function ResetPassword() {
  const { token } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  return (
    <PublicLayout>
      <h1 className="text-2xl font-bold">Choose a new password</h1>
      {token ? (
        <Form method="post" className="card mt-6 space-y-4" noValidate>
          <FormError message={actionData?.formError} />
          <input type="hidden" name="token" value={token} />
          <TextField label="New password" name="password" type="password" autoComplete="new-password" error={actionData?.errors.password} required />
          <TextField label="Repeat the new password" name="confirm" type="password" autoComplete="new-password" error={actionData?.errors.confirm} required />
          <button type="submit" className="btn-primary w-full">
            Save the new password
          </button>
        </Form>
      ) : (
        <p className="mt-2">
          This page needs the link from your email.{" "}
          <Link to="/forgot-password" className="link">
            Ask for a reset link
          </Link>
          .
        </p>
      )}
    </PublicLayout>
  );
}
