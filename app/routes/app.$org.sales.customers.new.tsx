import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { NewPartyPage } from "~/components/parties/party-pages";
import { newPartyLoader, newPartyAction } from "~/utils/party-pages.server";

export const loader = (args: LoaderFunctionArgs) => newPartyLoader(args, "customer");
export const action = (args: ActionFunctionArgs) => newPartyAction(args, "customer");

export default function NewCustomer() {
  return <NewPartyPage kind="customer" />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
