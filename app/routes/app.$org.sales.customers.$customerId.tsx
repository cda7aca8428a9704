import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PartyDetailPage } from "~/components/parties/party-pages";
import { partyDetailLoader, partyDetailAction } from "~/utils/party-pages.server";

export const loader = (args: LoaderFunctionArgs) => partyDetailLoader(args, "customer");
export const action = (args: ActionFunctionArgs) => partyDetailAction(args, "customer");

export default function CustomerDetail() {
  return <PartyDetailPage kind="customer" />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
