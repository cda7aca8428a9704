import { useSearchParams } from "@remix-run/react";
import { SelectField, TextField } from "~/components/forms";

/** The warehouse filter of the stock lists (the `warehouse` parameter), all warehouses first. */
export function WarehouseFilter({ warehouses }: { warehouses: ReadonlyArray<{ value: string; label: string }> }) {
  const [searchParams] = useSearchParams();
  return <SelectField label="Warehouse" name="warehouse" defaultValue={searchParams.get("warehouse") ?? ""} options={[{ value: "", label: "All warehouses" }, ...warehouses]} />;
}

/** The item filter of the stock lists (the `q` parameter): part of a SKU or name. */
export function ItemTextFilter() {
  const [searchParams] = useSearchParams();
  return <TextField label="Item" name="q" defaultValue={searchParams.get("q") ?? ""} maxLength={100} hint="SKU or name." />;
}
