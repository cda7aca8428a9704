import { AUDIT_DATA_MAP } from "~/modules/audit/data-map";
import { CRM_DATA_MAP } from "~/modules/crm/data-map";
import { EMAIL_DATA_MAP } from "~/modules/email/data-map";
import { IDENTITY_DATA_MAP } from "~/modules/identity/data-map";
import { INVENTORY_DATA_MAP } from "~/modules/inventory/data-map";
import { LEDGER_DATA_MAP } from "~/modules/ledger/data-map";
import { PARTIES_DATA_MAP } from "~/modules/parties/data-map";
import type { TableDataMap } from "~/modules/platform/data-map";
import { PLATFORM_DATA_MAP } from "~/modules/platform/data-map.platform";
import { PRIVACY_DATA_MAP } from "~/modules/privacy/data-map";
import { SALES_DATA_MAP } from "~/modules/sales/data-map";
import { TENANCY_DATA_MAP } from "~/modules/tenancy/data-map";

/**
 * The personal data map of every area (each area's entries sit beside its schema.ts). Like the jobs registry it
 * sits above the areas, so the privacy centre, which cannot import the areas on its own level (CRM, HR), is
 * given the whole map. A new area adds its map here; app/modules/privacy/data-map.test.ts fails until it does.
 * Invoices (issue 10) slot in as sales' data-map.ts with their lines kept for the statutory period.
 */
export const DATA_MAP: readonly TableDataMap[] = [
  ...PLATFORM_DATA_MAP,
  ...IDENTITY_DATA_MAP,
  ...TENANCY_DATA_MAP,
  ...AUDIT_DATA_MAP,
  ...EMAIL_DATA_MAP,
  ...PARTIES_DATA_MAP,
  ...LEDGER_DATA_MAP,
  ...INVENTORY_DATA_MAP,
  ...SALES_DATA_MAP,
  ...CRM_DATA_MAP,
  ...PRIVACY_DATA_MAP,
];
