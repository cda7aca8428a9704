import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { PublicLayout } from "~/components/public-layout";
import { resendVerification } from "~/workflows/send-verification-email.server";
import { verifyEmailToken } from "~/workflows/verify-email.server";
import { getAuthenticated, requireAuthenticated } from "~/modules/identity/session.server";
import { redirectWithFlash } from "~/utils/flash.server";

export const meta: MetaFunction = () => [{ title: "Verify your email · Folio" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token");
  if (token) {
    const user = await verifyEmailToken(token);
    if (!user) return json({ state: "invalid" as const, email: null }, { status: 400 });
    // The link verifies the address but does not sign anyone in: a forwarded email must not open the account.
    const current = await getAuthenticated(request);
    const next = current?.user.id === user.id ? "/app" : "/login";
    return redirectWithFlash(next, { kind: "success", message: "Your email address is verified." });
  }
  const { user } = await requireAuthenticated(request);
  if (user.emailVerified) return redirect("/app");
  return json({ state: "pending" as const, email: user.email });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireAuthenticated(request);
  await resendVerification(user.id);
  return json({ resent: true });
}

export default function VerifyEmail() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <PublicLayout>
      {data.state === "invalid" ? (
        <>
          <h1 className="text-2xl font-bold">This link no longer works</h1>
          <p className="mt-2 text-slate-700">
            Verification links work once and for 24 hours. Log in and ask for a new one.
          </p>
        </>
      ) : (
        <>
          <h1 className="text-2xl font-bold">Check your email</h1>
          <p className="mt-2 text-slate-700">
            We sent a link to <strong>{data.email}</strong>. Open it to verify your address and start using Folio.
          </p>
          <Form method="post" className="mt-6">
            <button type="submit" className="btn-secondary">
              Send the link again
            </button>
          </Form>
          {actionData?.resent ? (
            <p role="status" className="mt-3 text-sm text-green-800">
              A new link is on its way.
            </p>
          ) : null}
        </>
      )}
    </PublicLayout>
  );
}
