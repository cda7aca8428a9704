import { Link } from "@remix-run/react";
import { Amount } from "~/components/ledger/ledger-nav";
import { formatQuantity } from "~/utils/format";
import { useOrganisation } from "~/utils/route-data";

/** A quantity sent as an exact decimal string ("12.5"), in the organisation's locale, with its unit when given. */
export function Quantity({ value, unit }: { value: string; unit?: string | null }) {
  const { organisation } = useOrganisation();
  const text = formatQuantity(value, organisation.locale);
  return <>{unit ? `${text} ${unit}` : text}</>;
}

/** The SKU cell of a stock table: the item's page, long SKUs broken rather than pushing the table wider. */
export function SkuCell({ itemsPath, itemId, sku }: { itemsPath: string; itemId: string; sku: string }) {
  return (
    <td className="min-w-[6rem] break-all">
      <Link to={`${itemsPath}/${itemId}`} className="link">
        {sku}
      </Link>
    </td>
  );
}

/** A right-aligned quantity cell. */
export function QuantityCell({ value, unit }: { value: string; unit?: string | null }) {
  return (
    <td className="text-right tabular-nums">
      <Quantity value={value} unit={unit} />
    </td>
  );
}

/** A right-aligned value cell: empty when the value is hidden (null) from the reader. */
export function ValueCell({ value }: { value: string | null }) {
  return <td className="text-right tabular-nums">{value === null ? null : <Amount minor={value} />}</td>;
}
