import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { PageHeader } from "~/components/app-shell";
import { InventoryNav } from "~/components/inventory/inventory-nav";
import { StockOperationForm } from "~/components/inventory/stock-form";
import { stockFormAction, stockFormLoader } from "~/utils/stock-forms.server";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Issue stock · Folio" }];

export function loader(args: LoaderFunctionArgs) {
  return stockFormLoader(args);
}

export function action(args: ActionFunctionArgs) {
  return stockFormAction("issue", args);
}

export default function IssueStock() {
  return (
    <>
      <PageHeader title="Issue stock" description="Goods out of a warehouse. Never more than is available (on hand less reserved)." />
      <InventoryNav />
      <StockOperationForm operation="issue" />
    </>
  );
}
