import { useRouteLoaderData } from "@remix-run/react";
import type { Role } from "~/modules/tenancy/permissions";

export interface OrganisationShellData {
  organisation: { slug: string; name: string; currency: string; timeZone: string; locale: string };
  role: Role;
  user: { name: string; email: string };
}

/** The organisation layout's data, for pages rendered inside the app shell. */
export function useOrganisation(): OrganisationShellData {
  const data = useRouteLoaderData("routes/app+/$org") as OrganisationShellData | undefined;
  if (!data) throw new Error("useOrganisation is only available inside /app/:org");
  return data;
}
