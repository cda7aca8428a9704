import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireMember } from "~/modules/tenancy/guards.server";
import type { Permission } from "~/modules/tenancy/permissions";
import { notFound } from "~/utils/responses.server";

/** Areas of the navigation whose modules have not shipped yet: each says what it will hold, behind its permission. */
const AREAS: Record<string, { title: string; permission: Permission; description: string }> = {
  inventory: { title: "Inventory", permission: "inventory:read", description: "Items, warehouses, stock moves and balances." },
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const area = params.area ? AREAS[params.area] : undefined;
  if (!area) throw notFound();
  await requireMember(request, params.org, area.permission);
  return json({ title: area.title, description: area.description });
}

export default function AreaOverview() {
  const { title, description } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={title} description={description} />
      <div className="card text-slate-700">
        <p>This organisation has no {title.toLowerCase()} records yet.</p>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
