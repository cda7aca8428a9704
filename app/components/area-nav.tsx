import { NavLink } from "@remix-run/react";

export interface AreaNavItem {
  label: string;
  to: string;
  end?: boolean;
}

/** An area's own sections as tabs under the page header (ledger, inventory, sales). */
export function AreaNav({ label, items }: { label: string; items: readonly AreaNavItem[] }) {
  return (
    <nav aria-label={label} className="mb-6 border-b border-slate-200">
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
