import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { FormError, TextField } from "~/components/forms";
import { PublicLayout } from "~/components/public-layout";
import { changePasswordSchema } from "~/modules/identity/forms";
import { requireUser } from "~/modules/identity/session.server";
import { actionFailure } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm, type FormFailure } from "~/utils/forms";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { requestMeta } from "~/utils/request.server";
import { changePassword } from "~/workflows/change-password.server";

export const meta: MetaFunction = () => [{ title: "Change password · Folio" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, session } = await requireUser(request);
  const parsed = parseForm(changePasswordSchema, await readFormData(request));
  if (!parsed.ok) return badRequest(parsed);
  try {
    await changePassword({
      userId: user.id,
      currentSessionId: session.id,
      currentPassword: parsed.data.currentPassword,
      newPassword: parsed.data.password,
      meta: requestMeta(request),
    });
  } catch (error) {
    return actionFailure(error, {});
  }
  return redirectWithFlash("/app", { kind: "success", message: "Your password is changed. Your other sessions were signed out." });
}

export default function ChangePassword() {
  const actionData = useActionData<FormFailure>();
  return (
    <PublicLayout>
      <h1 className="text-2xl font-bold">Change your password</h1>
      <Form method="post" className="card mt-6 space-y-4" noValidate>
        <FormError message={actionData?.formError} />
        <TextField label="Current password" name="currentPassword" type="password" autoComplete="current-password" error={actionData?.errors.currentPassword} required />
        <TextField label="New password" name="password" type="password" autoComplete="new-password" error={actionData?.errors.password} required />
        <TextField label="Repeat the new password" name="confirm" type="password" autoComplete="new-password" error={actionData?.errors.confirm} required />
        <button type="submit" className="btn-primary w-full">
          Change password
        </button>
        <p className="text-sm">
          <Link to="/app" className="link">
            Back to Folio
          </Link>
        </p>
      </Form>
    </PublicLayout>
  );
}
