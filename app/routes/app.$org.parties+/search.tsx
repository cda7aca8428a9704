import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { partySearchQuerySchema } from "~/modules/parties/forms";
import { searchParties } from "~/modules/parties/parties.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { readQuery } from "~/utils/forms";

/*
 * The party pickers' search (app/components/combobox.tsx): `?q=<part of a name>&kind=customer|supplier` answers
 * JSON options as one types. Row-level security gives a salesman only his own customers; suppliers only to a
 * member who may read purchasing. A parameter that does not parse is ignored (no filter), never a 500.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { query } = readQuery(request, partySearchQuerySchema);
  const member = await requireMember(request, params.org, query.kind === "supplier" ? "purchasing:read" : "sales:read");
  const kind = query.kind ?? (can(member.role, "purchasing:read") ? undefined : "customer");
  const options = await withTenant(member.actor, (tx) => searchParties(tx, { query: query.q, kind }));
  return json({ options }, { headers: { "Cache-Control": "private, no-store" } });
}
