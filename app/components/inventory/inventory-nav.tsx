import { AreaNav } from "~/components/area-nav";
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
  return <AreaNav label="Inventory" items={items} />;
}
