import { AreaNav } from "~/components/area-nav";
import { formatAmount } from "~/utils/format";
import { useOrganisation } from "~/utils/route-data";

/** The ledger's own sections, under the page header of every ledger page. */
export function LedgerNav() {
  const { organisation } = useOrganisation();
  const base = `/app/${organisation.slug}/ledger`;
  const items = [
    { label: "Overview", to: base, end: true },
    { label: "Chart of accounts", to: `${base}/accounts` },
    { label: "Journal entries", to: `${base}/entries` },
    { label: "Periods", to: `${base}/periods` },
    { label: "Tax rates", to: `${base}/tax-rates` },
    { label: "Reports", to: `${base}/reports` },
  ];
  return <AreaNav label="Ledger" items={items} />;
}

/** An amount in the organisation's currency from minor units sent as a string (JSON has no bigint). */
export function Amount({ minor, currency, withCurrency = false }: { minor: string | bigint; currency?: string; withCurrency?: boolean }) {
  const { organisation } = useOrganisation();
  const code = currency ?? organisation.currency;
  const text = formatAmount(BigInt(minor), code, organisation.locale);
  return <>{withCurrency ? `${text} ${code}` : text}</>;
}
