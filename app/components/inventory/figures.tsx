import { formatQuantity } from "~/utils/format";
import { useOrganisation } from "~/utils/route-data";

/** A quantity sent as an exact decimal string ("12.5"), in the organisation's locale, with its unit when given. */
export function Quantity({ value, unit }: { value: string; unit?: string | null }) {
  const { organisation } = useOrganisation();
  const text = formatQuantity(value, organisation.locale);
  return <>{unit ? `${text} ${unit}` : text}</>;
}
