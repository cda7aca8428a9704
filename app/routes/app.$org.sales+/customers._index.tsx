export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
export { PartyListPage as default } from "~/components/parties/party-pages";
export { customerListLoader as loader } from "~/utils/party-pages.server";
