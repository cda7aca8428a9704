import { CustomerExtras } from "~/components/parties/customer-extras";
import { PartyDetailPage } from "~/components/parties/party-pages";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
export { customerPageAction as action, customerPageLoader as loader } from "~/utils/customer-page.server";

export default function CustomerPage() {
  return (
    <>
      <PartyDetailPage />
      <CustomerExtras />
    </>
  );
}
