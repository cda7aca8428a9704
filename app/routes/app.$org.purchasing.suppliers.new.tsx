import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { NewPartyPage } from "~/components/parties/party-pages";
import { newPartyLoader, newPartyAction } from "~/utils/party-pages.server";

export const loader = (args: LoaderFunctionArgs) => newPartyLoader(args, "supplier");
export const action = (args: ActionFunctionArgs) => newPartyAction(args, "supplier");

export default function NewSupplier() {
  return <NewPartyPage kind="supplier" />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
