import { NavLink } from "@remix-run/react";
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
  return (
    <nav aria-label="Ledger" className="mb-6 border-b border-slate-200">
      <ul className="-mb-px flex flex-wrap gap-4 text-sm">
        {items.map((item) => (
          <li key={item.label}>
            <NavLink
              to={item.to}
              end={item.end}
              className={({ isActive }) =>
                `inline-block border-b-2 px-1 pb-2 font-medium ${isActive ? "border-brand-600 text-brand-800" : "border-transparent text-slate-600 hover:text-slate-900"}`
              }
            >
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** An amount in the organisation's currency from minor units sent as a string (JSON has no bigint). */
export function Amount({ minor, currency, withCurrency = false }: { minor: string | bigint; currency?: string; withCurrency?: boolean }) {
  const { organisation } = useOrganisation();
  const code = currency ?? organisation.currency;
  const text = formatAmount(BigInt(minor), code, organisation.locale);
  return <>{withCurrency ? `${text} ${code}` : text}</>;
}
