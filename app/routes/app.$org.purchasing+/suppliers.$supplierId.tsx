export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
export { PartyDetailPage as default } from "~/components/parties/party-pages";
export { supplierDetailAction as action, supplierDetailLoader as loader } from "~/utils/party-pages.server";
