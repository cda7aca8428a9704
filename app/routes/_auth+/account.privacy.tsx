import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PublicLayout } from "~/components/public-layout";
import { requireUser } from "~/modules/identity/session.server";
import { memberContext } from "~/modules/tenancy/guards.server";

export const meta: MetaFunction = () => [{ title: "Your privacy rights · Folio" }];

/** The account's way to the rights pages: signed in, a request about the account's own address needs no code. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const { memberships } = await memberContext(request);
  return json({ email: user.email, organisations: memberships.map((m) => ({ name: m.organisation.name, slug: m.organisation.slug })) });
}

export default function AccountPrivacy() {
  const { email, organisations } = useLoaderData<typeof loader>();
  return (
    <PublicLayout>
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
      </ul>
      <p className="mt-4 text-sm">
        <Link to="/privacy" className="link">
          Folio&apos;s own privacy notice
        </Link>{" "}
        says what Folio does with your account.
      </p>
    </PublicLayout>
  );
}
