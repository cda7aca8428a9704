import { NavLink } from "@remix-run/react";
import { can } from "~/modules/tenancy/permissions";
import { useOrganisation } from "~/utils/route-data";

/** The inventory's own sections, under the page header of every inventory page; the stock operations for those who may post them. */
export function InventoryNav() {
  const { organisation, role } = useOrganisation();
  const base = `/app/${organisation.slug}/inventory`;
  const items = [
    { label: "Overview", to: base, end: true },
    { label: "Items", to: `${base}/items` },
    { label: "Warehouses", to: `${base}/warehouses` },
    { label: "Stock", to: `${base}/stock` },
    { label: "Moves", to: `${base}/moves` },
    { label: "Reorder", to: `${base}/reorder` },
    ...(can(role, "inventory:write")
      ? [
          { label: "Receive", to: `${base}/receive` },
          { label: "Issue", to: `${base}/issue` },
          { label: "Transfer", to: `${base}/transfer` },
          { label: "Adjust", to: `${base}/adjust` },
          { label: "Counts", to: `${base}/counts` },
        ]
      : []),
  ];
  return (
    <nav aria-label="Inventory" className="mb-6 border-b border-slate-200">
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
