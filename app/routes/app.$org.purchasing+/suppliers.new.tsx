export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
export { NewPartyPage as default } from "~/components/parties/party-pages";
export { newSupplierAction as action, newSupplierLoader as loader } from "~/utils/party-pages.server";
