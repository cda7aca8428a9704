import type { LoaderFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PartyListPage } from "~/components/parties/party-pages";
import { partyListLoader } from "~/utils/party-pages.server";

export const loader = (args: LoaderFunctionArgs) => partyListLoader(args, "supplier");

export default function Suppliers() {
  return <PartyListPage kind="supplier" />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
