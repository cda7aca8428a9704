import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormError, TextField } from "~/components/forms";
import { FlashMessage } from "~/components/flash-message";
import { PublicLayout } from "~/components/public-layout";
import { logout } from "~/modules/identity/auth.server";
import { requireUser } from "~/modules/identity/session.server";
import { memberContext } from "~/modules/tenancy/guards.server";
import { useRootData } from "~/root";
import { actionFailure } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { parseForm, type FormFailure } from "~/utils/forms";
import { requestMeta } from "~/utils/request.server";
import { requestAccountDeletion } from "~/workflows/delete-account.server";

export const meta: MetaFunction = () => [{ title: "Your privacy rights · Folio" }];

/** The account's way to the rights pages: signed in, a request about the account's own address needs no code. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const { memberships } = await memberContext(request);
  return json({ email: user.email, organisations: memberships.map((m) => ({ name: m.organisation.name, slug: m.organisation.slug })) });
}

const deleteAccountSchema = z.object({
  intent: z.literal("delete-account"),
  currentPassword: z.string().min(1, "Enter your password to confirm.").max(1000),
});

export async function action({ request }: ActionFunctionArgs) {
  const { user, session } = await requireUser(request);
  const parsed = parseForm(deleteAccountSchema, await readFormData(request));
  if (!parsed.ok) return badRequest(parsed);
  try {
    const dueAt = await requestAccountDeletion({ userId: user.id, password: parsed.data.currentPassword, meta: requestMeta(request) });
    return redirectWithFlash(
      "/login",
      { kind: "success", message: `Your account will be deleted on ${dueAt.toISOString().slice(0, 10)}. You are signed out; signing in before then cancels the deletion.` },
      { headers: { "Set-Cookie": await logout(session.id) } },
    );
  } catch (error) {
    return actionFailure(error, {});
  }
}

export default function AccountPrivacy() {
  const { email, organisations } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const root = useRootData();
  return (
    <PublicLayout>
      <FlashMessage flash={root?.flash ?? null} />
      <h1 className="text-2xl font-bold">Your privacy rights</h1>
      <p className="mt-4 text-slate-700">
        Each organisation decides what it does with the data it keeps about you. Ask one for a copy of your data, a correction, erasure, a
        restriction, or no more marketing: signed in as {email}, your request is confirmed at once, without a code, and answered within a
        calendar month.
      </p>
      <ul className="card mt-6 space-y-2">
        {organisations.map((organisation) => (
          <li key={organisation.slug}>
            <Link to={`/o/${organisation.slug}/rights`} className="link">
              Make a request to {organisation.name}
            </Link>
          </li>
        ))}
        {organisations.length === 0 ? <li>You belong to no organisation.</li> : null}
        <li>
          <Link to="/rights" className="link">
            Make a request to Folio itself
          </Link>
        </li>
      </ul>
      <p className="mt-4 text-sm">
        <Link to="/privacy" className="link">
          Folio&apos;s own privacy notice
        </Link>{" "}
        says what Folio does with your account.
      </p>
      <section aria-labelledby="my-data" className="card mt-6 space-y-3">
        <h2 id="my-data" className="text-lg font-semibold">
          Your data at Folio
        </h2>
        <p className="text-slate-700">Your account, your cookie choices on Folio&apos;s pages and your requests to Folio, as JSON and CSV files in a zip.</p>
        <form method="post" action="/account/data.zip">
          <button type="submit" className="btn-secondary">
            Download my data
          </button>
        </form>
      </section>
      <section aria-labelledby="delete-account" className="card mt-6 space-y-3">
        <h2 id="delete-account" className="text-lg font-semibold">
          Delete my account
        </h2>
        <p className="text-slate-700">
          Your account is deleted 30 days after you ask, and you are signed out now. Signing in before then cancels the deletion. If you are the
          only owner of an organisation, make another member an owner first.
        </p>
        <Form method="post" className="space-y-3" noValidate>
          <FormError message={failure?.formError} />
          <input type="hidden" name="intent" value="delete-account" />
          <TextField label="Your password" name="currentPassword" type="password" autoComplete="current-password" error={failure?.errors?.currentPassword} required />
          <button type="submit" className="btn-danger">
            Delete my account
          </button>
        </Form>
      </section>
    </PublicLayout>
  );
}
