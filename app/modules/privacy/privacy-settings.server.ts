import { sql } from "drizzle-orm";
import type { Tx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { privacySettings } from "./schema";

/* An organisation's privacy configuration, kept by its privacy team: the tools its public pages may load with consent, and its banner's revision. */

/** An organisation's privacy settings (inside its tenant transaction); defaults when it never saved any. */
export async function getPrivacySettings(tx: Tx) {
  const [row] = await tx.select().from(privacySettings);
  return {
    bannerRevision: row?.bannerRevision ?? 1,
    analyticsMeasurementId: row?.analyticsMeasurementId ?? null,
    marketingPixelId: row?.marketingPixelId ?? null,
    statutoryRetentionYears: row?.statutoryRetentionYears ?? 10,
    updatedAt: row?.updatedAt ?? null,
  };
}

export interface PrivacySettingsInput {
  analyticsMeasurementId: string | null;
  marketingPixelId: string | null;
}

async function upsertSettings(tx: Tx, values: Partial<PrivacySettingsInput> & { bannerRevision?: number }) {
  const [row] = await tx
    .insert(privacySettings)
    .values({ tenantId: sql`app_tenant_id()`, ...values, updatedAt: new Date() })
    .onConflictDoUpdate({ target: privacySettings.tenantId, set: { ...values, updatedAt: new Date() } })
    .returning();
  return row;
}

/** Saves the tools the organisation's public pages may load with consent. Audited. */
export async function updatePrivacySettings(tx: Tx, input: PrivacySettingsInput) {
  const before = await getPrivacySettings(tx);
  const row = await upsertSettings(tx, { analyticsMeasurementId: input.analyticsMeasurementId, marketingPixelId: input.marketingPixelId });
  await recordAudit(tx, {
    action: "privacy.settings_updated",
    entityType: "privacy_settings",
    entityId: row.tenantId,
    before: { analyticsMeasurementId: before.analyticsMeasurementId, marketingPixelId: before.marketingPixelId },
    after: { analyticsMeasurementId: row.analyticsMeasurementId, marketingPixelId: row.marketingPixelId },
  });
  return row;
}

/** Raises the banner revision: every visitor of the organisation's pages is asked again. Audited. */
export async function askEveryoneAgain(tx: Tx) {
  const before = await getPrivacySettings(tx);
  const row = await upsertSettings(tx, { bannerRevision: before.bannerRevision + 1 });
  await recordAudit(tx, {
    action: "privacy.banner_revision_raised",
    entityType: "privacy_settings",
    entityId: row.tenantId,
    before: { bannerRevision: before.bannerRevision },
    after: { bannerRevision: row.bannerRevision },
  });
  return row;
}
