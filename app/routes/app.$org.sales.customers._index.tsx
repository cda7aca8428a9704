import type { LoaderFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PartyListPage } from "~/components/parties/party-pages";
import { partyListLoader } from "~/utils/party-pages.server";

export const loader = (args: LoaderFunctionArgs) => partyListLoader(args, "customer");

export default function Customers() {
  return <PartyListPage kind="customer" />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
