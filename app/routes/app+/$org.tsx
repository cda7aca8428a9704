import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, Outlet, useLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/app-shell";
import { FlashMessage } from "~/components/flash-message";
import { deletionDateOf } from "~/modules/tenancy/cancellation.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { useRootData } from "~/root";
import { requestContext } from "~/workflows/request-context.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.organisation.name} · Folio` : "Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  // The shell's data comes with the request's context, read once for the page (the root loader asks first).
  const [{ organisation }, member] = await Promise.all([requestContext(request), requireMember(request, params.org, "org:read")]);
  const pendingNotice = organisation?.pendingNotice ?? null;
  const organisations = (organisation?.memberships ?? []).map((m) => ({ slug: m.organisation.slug, name: m.organisation.name, role: m.role }));
  if (pendingNotice) {
    // A material change of Folio's or this organisation's privacy notice is in effect and not yet acknowledged.
    const url = new URL(request.url);
    url.searchParams.delete("_data"); // a client-side navigation's data request: return to the page itself
    throw redirect(`/notices/acknowledge?${new URLSearchParams({ org: member.organisation.slug, returnTo: `${url.pathname}${url.search}` })}`);
  }
  return json({
    organisation: { slug: member.organisation.slug, name: member.organisation.name, currency: member.organisation.currency, timeZone: member.organisation.timeZone, locale: member.organisation.locale },
    role: member.role,
    user: { name: member.user.name, email: member.user.email },
    organisations,
    cancellation:
      member.organisation.status === "cancelled" && member.organisation.cancelledAt
        ? { cancelledOn: member.organisation.cancelledAt.toISOString().slice(0, 10), deletedOn: deletionDateOf(member.organisation.cancelledAt).toISOString().slice(0, 10) }
        : null,
  });
}

export function useShellData() {
  return useLoaderData<typeof loader>();
}

export default function OrganisationLayout() {
  const data = useLoaderData<typeof loader>();
  const root = useRootData();
  return (
    <AppShell data={data}>
      {data.cancellation ? (
        <div role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-red-900">
          This organisation was cancelled on {data.cancellation.cancelledOn} and will be deleted with all its data on {data.cancellation.deletedOn}.{" "}
          {data.role === "owner" ? (
            <Link to={`/app/${data.organisation.slug}/settings/cancel`} className="link">
              Undo the cancellation
            </Link>
          ) : (
            "An owner can undo the cancellation until then."
          )}
        </div>
      ) : null}
      <FlashMessage flash={root?.flash ?? null} />
      <Outlet />
    </AppShell>
  );
}
