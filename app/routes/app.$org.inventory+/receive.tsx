import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { PageHeader } from "~/components/app-shell";
import { InventoryNav } from "~/components/inventory/inventory-nav";
import { StockOperationForm } from "~/components/inventory/stock-form";
import { stockFormAction, stockFormLoader } from "~/utils/stock-forms.server";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Receive stock · Folio" }];

export function loader(args: LoaderFunctionArgs) {
  return stockFormLoader(args);
}

export function action(args: ActionFunctionArgs) {
  return stockFormAction("receive", args);
}

export default function ReceiveStock() {
  return (
    <>
      <PageHeader title="Receive stock" description="Goods in: the stock and its value go up, at the cost you enter." />
      <InventoryNav />
      <StockOperationForm operation="receive" />
    </>
  );
}
