import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { PageHeader } from "~/components/app-shell";
import { InventoryNav } from "~/components/inventory/inventory-nav";
import { StockOperationForm } from "~/components/inventory/stock-form";
import { stockFormAction, stockFormLoader } from "~/utils/stock-forms.server";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Transfer stock · Folio" }];

export function loader(args: LoaderFunctionArgs) {
  return stockFormLoader(args);
}

export function action(args: ActionFunctionArgs) {
  return stockFormAction("transfer", args);
}

export default function TransferStock() {
  return (
    <>
      <PageHeader title="Transfer stock" description="From one warehouse to another: both sides move at once, at the average cost." />
      <InventoryNav />
      <StockOperationForm operation="transfer" />
    </>
  );
}
