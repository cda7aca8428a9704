import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PartyDetailPage } from "~/components/parties/party-pages";
import { partyDetailLoader, partyDetailAction } from "~/utils/party-pages.server";

export const loader = (args: LoaderFunctionArgs) => partyDetailLoader(args, "supplier");
export const action = (args: ActionFunctionArgs) => partyDetailAction(args, "supplier");

export default function SupplierDetail() {
  return <PartyDetailPage kind="supplier" />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
