import { json, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { PublicLayout } from "~/components/public-layout";
import { requireUser } from "~/modules/identity/session.server";
import { withUser } from "~/modules/tenancy/context.server";
import { listUserOrganisations } from "~/modules/tenancy/organisations.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const organisations = await withUser(user.id, (tx) => listUserOrganisations(tx, user.id));
  if (organisations.length > 0) return redirect(`/app/${organisations[0].slug}`);
  return json({});
}

export default function NoOrganisation() {
  return (
    <PublicLayout>
      <h1 className="text-2xl font-bold">You are not in any organisation yet</h1>
      <p className="mt-2 text-slate-700">Create one, or ask an owner to invite you.</p>
      <Link to="/app/new" className="btn-primary mt-6">
        Create an organisation
      </Link>
    </PublicLayout>
  );
}
