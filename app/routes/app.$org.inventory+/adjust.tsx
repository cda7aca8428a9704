import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { PageHeader } from "~/components/app-shell";
import { InventoryNav } from "~/components/inventory/inventory-nav";
import { StockOperationForm } from "~/components/inventory/stock-form";
import { stockFormAction, stockFormLoader } from "~/utils/stock-forms.server";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Adjust stock · Folio" }];

export function loader(args: LoaderFunctionArgs) {
  return stockFormLoader(args);
}

export function action(args: ActionFunctionArgs) {
  return stockFormAction("adjust", args);
}

export default function AdjustStock() {
  return (
    <>
      <PageHeader title="Adjust stock" description="A correction up or down, with its reason: posted to the stock adjustment account." />
      <InventoryNav />
      <StockOperationForm operation="adjust" />
    </>
  );
}
