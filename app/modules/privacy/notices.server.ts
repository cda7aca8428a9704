import { createHash } from "node:crypto";
import { render } from "@react-email/render";
import { asc, desc, eq, sql } from "drizzle-orm";
import { createElement } from "react";
import { db, postgresError, queryRow, queryRows, UNIQUE_VIOLATION, type Queryable, type Tx } from "~/db.server";
import { NoticeChangedEmail } from "~/emails/notice-changed";
import { recordAudit } from "~/modules/audit/audit.server";
import { enqueueEmail } from "~/modules/email/outbox.server";
import { env } from "~/modules/platform/env.server";
import { AppError } from "~/modules/platform/errors";
import { type TenantActor, withTenant } from "~/modules/tenancy/context.server";
import { tenants } from "~/modules/tenancy/schema";
import { todayIn } from "~/utils/dates";
import { formValues, parseForm, type FormValues, type FieldErrors } from "~/utils/forms";
import { renderMarkdown } from "~/utils/markdown.server";
import { NOTICE_DATE_FIELDS, NOTICE_MAX_LENGTH, noticeActionSchema, noticeSchema, type NoticeInput } from "./notice-forms";
import { noticeAcknowledgements, noticeVersions, platformNoticeAcknowledgements, platformNoticeVersions } from "./schema";

/**
 * Privacy notices with versions: Folio's own (global tables, published by platform administrators) and one per
 * organisation (tenant tables, published by members with privacy:manage). A version is never changed once
 * published; a change is a new version. A material version mails the people it concerns in the same transaction
 * and, once it is in effect, asks each of them to acknowledge it at their next visit of the app.
 *
 * The "current" version is the newest one already in effect (effective date on or before today); while none is
 * in effect yet, the first one. Versions after the current one are upcoming.
 */

export interface NoticeSummary {
  version: number;
  lastUpdated: string;
  effectiveDate: string;
  material: boolean;
  publishedAt: Date;
}

export interface Notice extends NoticeSummary {
  bodyMarkdown: string;
}

export interface NoticeOverview {
  current: Notice;
  /** Every version, newest first. */
  versions: NoticeSummary[];
  /** Published but not in effect yet, oldest first. */
  upcoming: NoticeSummary[];
}

/** The version in effect on `today` among `versions` (any order): the newest in effect, else the first. */
export function currentVersionOf(versions: readonly NoticeSummary[], today: string): NoticeSummary | undefined {
  const ordered = [...versions].sort((a, b) => a.version - b.version);
  const inEffect = ordered.filter((v) => v.effectiveDate <= today);
  return inEffect.at(-1) ?? ordered[0];
}

function toSummary(row: { version: number; lastUpdated: string; effectiveDate: string; material: boolean; publishedAt: Date }): NoticeSummary {
  return { version: row.version, lastUpdated: row.lastUpdated, effectiveDate: row.effectiveDate, material: row.material, publishedAt: row.publishedAt };
}

function overviewOf(versions: NoticeSummary[], current: Notice): NoticeOverview {
  return {
    current,
    versions: [...versions].sort((a, b) => b.version - a.version),
    upcoming: versions.filter((v) => v.version > current.version).sort((a, b) => a.version - b.version),
  };
}

/** What an audit event keeps of a version: its dates and a hash of its text (the text itself is in the version). */
function auditableVersion(version: Notice) {
  return {
    version: version.version,
    lastUpdated: version.lastUpdated,
    effectiveDate: version.effectiveDate,
    material: version.material,
    bodySha256: createHash("sha256").update(version.bodyMarkdown, "utf8").digest("hex"),
    bodyLength: version.bodyMarkdown.length,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Folio's notice (global tables, owner connection)

const folioColumns = {
  version: platformNoticeVersions.version,
  lastUpdated: platformNoticeVersions.lastUpdated,
  effectiveDate: platformNoticeVersions.effectiveDate,
  material: platformNoticeVersions.material,
  publishedAt: platformNoticeVersions.publishedAt,
};

/** Is this person a platform administrator (PLATFORM_ADMIN_EMAILS), with a verified address? */
export function isPlatformAdmin(user: { email: string; emailVerified: boolean }): boolean {
  return user.emailVerified && env().PLATFORM_ADMIN_EMAILS.includes(user.email.trim().toLowerCase());
}

export async function listFolioNotices(database: Queryable = db()): Promise<NoticeSummary[]> {
  const rows = await database.select(folioColumns).from(platformNoticeVersions).orderBy(desc(platformNoticeVersions.version));
  return rows.map(toSummary);
}

export async function getFolioNotice(database: Queryable, version: number): Promise<Notice | undefined> {
  const [row] = await database.select().from(platformNoticeVersions).where(eq(platformNoticeVersions.version, version));
  return row ? { ...toSummary(row), bodyMarkdown: row.bodyMarkdown } : undefined;
}

/**
 * Folio's notice in effect, creating version 1 from the notice Folio shipped with when none was ever published,
 * so sign-up and /privacy work on a new database. Two first callers at once both end up with the same version 1.
 */
export async function ensureFolioNotice(database: Queryable = db(), today = todayUtc()): Promise<NoticeOverview> {
  let versions = await listFolioNotices(database);
  if (versions.length === 0) {
    await database
      .insert(platformNoticeVersions)
      .values({ version: 1, bodyMarkdown: INITIAL_FOLIO_NOTICE, lastUpdated: INITIAL_FOLIO_NOTICE_DATE, effectiveDate: INITIAL_FOLIO_NOTICE_DATE, material: false })
      .onConflictDoNothing();
    versions = await listFolioNotices(database);
  }
  const current = currentVersionOf(versions, today)!;
  const notice = (await getFolioNotice(database, current.version))!;
  return overviewOf(versions, notice);
}

/**
 * The version of Folio's notice a person accepts at sign-up: the one the form showed when it names a published
 * version, else the one in effect now.
 */
export async function acceptedFolioNoticeVersion(database: Queryable, shown?: string | null): Promise<string> {
  if (shown && /^[1-9][0-9]{0,6}$/.test(shown) && (await getFolioNotice(database, Number(shown)))) return shown;
  return String((await ensureFolioNotice(database)).current.version);
}

/**
 * Publishes a new version of Folio's notice (platform administrators only). A material version writes one email
 * per user with a verified address to the outbox in the same transaction; the publisher's acknowledgement is
 * recorded at once (he has read what he wrote). The message is rendered once and copied to every recipient in
 * one statement, since every user gets the same text.
 */
export async function publishFolioNotice(publisher: { id: string; email: string; emailVerified: boolean }, input: NoticeInput): Promise<Notice> {
  if (!isPlatformAdmin(publisher)) throw new AppError("forbidden", "Only platform administrators may publish Folio's privacy notice.");
  await ensureFolioNotice();
  return db().transaction(async (tx) => {
    // One publication at a time: the newest version row is locked until this one is written.
    await tx.execute(sql`select version from platform_notice_versions order by version desc limit 1 for update`);
    const [row] = await tx
      .insert(platformNoticeVersions)
      .values({
        version: sql`(select coalesce(max(version), 0) + 1 from platform_notice_versions)`,
        bodyMarkdown: input.bodyMarkdown,
        lastUpdated: input.lastUpdated,
        effectiveDate: input.effectiveDate,
        material: input.material,
        publishedByUserId: publisher.id,
      })
      .returning()
      .catch(refuseConcurrentPublication);
    const notice: Notice = { ...toSummary(row), bodyMarkdown: row.bodyMarkdown };
    await tx.insert(platformNoticeAcknowledgements).values({ userId: publisher.id, version: notice.version }).onConflictDoNothing();
    if (notice.material) {
      const body = createElement(NoticeChangedEmail, {
        publisherName: "Folio",
        version: notice.version,
        lastUpdated: notice.lastUpdated,
        effectiveDate: notice.effectiveDate,
        url: `${env().APP_URL}/privacy/versions/${notice.version}`,
      });
      const [html, text] = await Promise.all([render(body), render(body, { plainText: true })]);
      await tx.execute(sql`insert into outbox_messages (template, to_address, subject, html, text)
        select 'notice-changed', lower(u.email), ${"Folio updated its privacy notice"}, ${html}, ${text}
        from users u where u.email_verified_at is not null and u.id <> ${publisher.id}`);
    }
    return notice;
  });
}

/** A person's version of Folio's notice awaiting acknowledgement: one indexed query, or null. */
export async function folioNoticeAwaitingAcknowledgement(database: Queryable, userId: string, today = todayUtc()): Promise<number | null> {
  // A person who signed up accepting a version at least as new (users.privacy_notice_version) need not confirm it.
  const row = await queryRow<{ version: number }>(
    database,
    sql`select latest.version from (
          select version from platform_notice_versions where material and effective_date <= ${today}::date order by version desc limit 1
        ) latest
        join users u on u.id = ${userId}
        where not exists (select 1 from platform_notice_acknowledgements a where a.user_id = u.id and a.version = latest.version)
          and case when u.privacy_notice_version ~ '^[0-9]{1,9}$' then u.privacy_notice_version::int else 0 end < latest.version`,
  );
  return row ? Number(row.version) : null;
}

export async function acknowledgeFolioNotice(database: Queryable, userId: string, version: number): Promise<void> {
  if (!(await getFolioNotice(database, version))) throw new AppError("not_found", "That version of the notice does not exist.");
  await database.insert(platformNoticeAcknowledgements).values({ userId, version }).onConflictDoNothing();
}

// ---------------------------------------------------------------------------------------------------------------
// An organisation's notice (tenant tables, inside withTenant)

const tenantColumns = {
  version: noticeVersions.version,
  lastUpdated: noticeVersions.lastUpdated,
  effectiveDate: noticeVersions.effectiveDate,
  material: noticeVersions.material,
  publishedAt: noticeVersions.publishedAt,
};

export async function listNotices(tx: Tx): Promise<NoticeSummary[]> {
  const rows = await tx.select(tenantColumns).from(noticeVersions).orderBy(desc(noticeVersions.version));
  return rows.map(toSummary);
}

export async function getNotice(tx: Tx, version: number): Promise<Notice | undefined> {
  if (!Number.isSafeInteger(version) || version < 1 || version > 2_147_483_647) return undefined;
  const [row] = await tx.select().from(noticeVersions).where(eq(noticeVersions.version, version));
  return row ? { ...toSummary(row), bodyMarkdown: row.bodyMarkdown } : undefined;
}

/** The organisation's notice in effect on `today`, with every version; undefined when it has none. */
export async function noticeOverview(tx: Tx, today: string): Promise<NoticeOverview | undefined> {
  const versions = await listNotices(tx);
  const current = currentVersionOf(versions, today);
  if (!current) return undefined;
  return overviewOf(versions, (await getNotice(tx, current.version))!);
}

/**
 * Publishes a new version of the organisation's notice, as the acting member. A material version writes one email
 * to each other member with a verified address, in this transaction; the publisher's acknowledgement is recorded
 * at once. Audited as privacy_notice.published.
 */
export async function publishNotice(tx: Tx, input: NoticeInput): Promise<Notice> {
  const [tenant] = await tx.select({ name: tenants.name, slug: tenants.slug }).from(tenants).where(sql`${tenants.id} = app_tenant_id()`);
  if (!tenant) throw new Error("publishNotice needs a tenant transaction (withTenant)");
  // One publication at a time per organisation: lock the newest version row, if any.
  await tx.execute(sql`select version from notice_versions order by version desc limit 1 for update`);
  const [row] = await tx
    .insert(noticeVersions)
    .values({
      tenantId: sql`app_tenant_id()`,
      version: sql`(select coalesce(max(version), 0) + 1 from notice_versions)`,
      bodyMarkdown: input.bodyMarkdown,
      lastUpdated: input.lastUpdated,
      effectiveDate: input.effectiveDate,
      material: input.material,
      publishedByUserId: sql`app_user_id()`,
    })
    .returning()
    .catch(refuseConcurrentPublication);
  const notice: Notice = { ...toSummary(row), bodyMarkdown: row.bodyMarkdown };
  if (row.publishedByUserId) {
    await tx
      .insert(noticeAcknowledgements)
      .values({ tenantId: sql`app_tenant_id()`, userId: row.publishedByUserId, version: notice.version })
      .onConflictDoNothing();
  }
  if (notice.material) {
    const members = await queryRows<{ email: string }>(
      tx,
      sql`select u.email from memberships m join users u on u.id = m.user_id
          where m.tenant_id = app_tenant_id() and u.email_verified_at is not null and u.id is distinct from app_user_id()
          order by u.email`,
    );
    const url = `${env().APP_URL}/o/${tenant.slug}/privacy?version=${notice.version}`;
    for (const member of members) {
      await enqueueEmail(tx, {
        template: "notice-changed",
        to: member.email,
        subject: `${tenant.name} updated its privacy notice`,
        body: createElement(NoticeChangedEmail, {
          publisherName: tenant.name,
          version: notice.version,
          lastUpdated: notice.lastUpdated,
          effectiveDate: notice.effectiveDate,
          url,
        }),
      });
    }
  }
  await recordAudit(tx, { action: "privacy_notice.published", entityType: "privacy_notice", entityId: String(notice.version), after: auditableVersion(notice) });
  return notice;
}

/**
 * A member's version of the organisation's notice awaiting acknowledgement: the newest material version in effect
 * on `today`, published after the person joined (those who join later read the notice in force), and not yet
 * acknowledged. One indexed query, or null.
 */
export async function noticeAwaitingAcknowledgement(tx: Tx, userId: string, today: string): Promise<number | null> {
  const row = await queryRow<{ version: number }>(
    tx,
    sql`select latest.version from (
          select version, published_at from notice_versions
          where tenant_id = app_tenant_id() and material and effective_date <= ${today}::date
          order by version desc limit 1
        ) latest
        join memberships m on m.tenant_id = app_tenant_id() and m.user_id = ${userId} and m.created_at < latest.published_at
        where not exists (
          select 1 from notice_acknowledgements a where a.tenant_id = app_tenant_id() and a.user_id = ${userId} and a.version = latest.version
        )`,
  );
  return row ? Number(row.version) : null;
}

/** Records that the acting member read `version` of the organisation's notice; audited once. */
export async function acknowledgeNotice(tx: Tx, userId: string, version: number): Promise<void> {
  if (!(await getNotice(tx, version))) throw new AppError("not_found", "That version of the notice does not exist.");
  const inserted = await tx
    .insert(noticeAcknowledgements)
    .values({ tenantId: sql`app_tenant_id()`, userId, version })
    .onConflictDoNothing()
    .returning({ version: noticeAcknowledgements.version });
  if (inserted.length > 0) {
    await recordAudit(tx, { action: "privacy_notice.acknowledged", entityType: "privacy_notice", entityId: String(version), after: { userId, version } });
  }
}

/** How many people acknowledged each version of the organisation's notice (for the notices page). */
export async function acknowledgementCounts(tx: Tx): Promise<Map<number, number>> {
  const rows = await tx
    .select({ version: noticeAcknowledgements.version, count: sql<number>`count(*)::int` })
    .from(noticeAcknowledgements)
    .groupBy(noticeAcknowledgements.version)
    .orderBy(asc(noticeAcknowledgements.version));
  return new Map(rows.map((r) => [r.version, Number(r.count)]));
}

/** What the notice editor asked for: a preview of the text as the public page will show it, or a publication. */
export type NoticeEditorRequest =
  | { kind: "preview"; html: string; values: FormValues; errors: FieldErrors }
  | { kind: "invalid"; values: FormValues; errors: FieldErrors }
  | { kind: "publish"; input: NoticeInput };

/** `locale` is the publisher's: the dates are typed in its pattern. */
export function readNoticeEditor(formData: FormData, locale: string): NoticeEditorRequest {
  const values = formValues(formData);
  const intent = noticeActionSchema.safeParse({ intent: formData.get("intent") });
  if (intent.success && intent.data.intent === "preview") {
    const body = values.bodyMarkdown ?? "";
    if (body.length > NOTICE_MAX_LENGTH) {
      return { kind: "invalid", values, errors: { bodyMarkdown: `The notice may be at most ${NOTICE_MAX_LENGTH.toLocaleString("en")} characters long.` } };
    }
    return { kind: "preview", html: renderMarkdown(body), values, errors: {} };
  }
  const parsed = parseForm(noticeSchema, formData, { dates: { locale, fields: NOTICE_DATE_FIELDS } });
  if (!parsed.ok) return { kind: "invalid", values: parsed.values, errors: parsed.errors };
  return { kind: "publish", input: parsed.data };
}

// ---------------------------------------------------------------------------------------------------------------
// The acknowledgement prompt

export interface PendingNotice {
  kind: "folio" | "organisation";
  version: number;
}

/**
 * The notice a member must acknowledge before going on in the organisation: Folio's first, then the
 * organisation's; null when there is none. Two small indexed queries, run side by side: Folio's notice lives in
 * global tables the application role cannot read, the organisation's under row-level security.
 */
export async function noticeAwaitingMember(actor: TenantActor, timeZone: string): Promise<PendingNotice | null> {
  const userId = actor.userId;
  if (!userId) return null;
  const [folio, organisation] = await Promise.all([
    folioNoticeAwaitingAcknowledgement(db(), userId),
    withTenant(actor, (tx) => noticeAwaitingAcknowledgement(tx, userId, todayIn(timeZone))),
  ]);
  if (folio) return { kind: "folio", version: folio };
  if (organisation) return { kind: "organisation", version: organisation };
  return null;
}

// ---------------------------------------------------------------------------------------------------------------

function refuseConcurrentPublication(error: unknown): never {
  if (postgresError(error)?.code === UNIQUE_VIOLATION) {
    throw new AppError("conflict", "Another version was published at the same moment. Reload the page and publish again.", { reason: "published_concurrently" });
  }
  throw error;
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

export const INITIAL_FOLIO_NOTICE_DATE = "2026-11-01";

/** The notice Folio shipped with, as Markdown: version 1 when nothing was ever published. */
export const INITIAL_FOLIO_NOTICE = `## Who we are and what we keep

Folio keeps the account data you give us (your name, email address and a hash of your password, never the password
itself), the organisations you belong to and your role in each, and the records your organisation keeps in Folio:
inventory, sales, purchasing and ledgers.

## How your organisation's data is protected

Each organisation's data is isolated from every other by the database itself. Access inside an organisation follows
roles; salesmen see only the customers assigned to them. Every change is recorded in an audit trail that cannot be
edited.

## Security

Passwords are hashed with argon2id. Repeated failed sign-ins lock an account for 15 minutes and we tell its owner by
email. Sessions are kept on our servers and end when you log out.

## Retention

Cancelled organisations are deleted 30 days after cancellation. Audit events are kept for 12 months. Backups are kept
for up to 90 days.

## Age

Folio is for people aged 18 or older. We do not knowingly keep data of anyone younger.
`;
