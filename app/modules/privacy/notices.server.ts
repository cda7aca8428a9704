import { createHash } from "node:crypto";
import { asc, desc, eq, sql } from "drizzle-orm";
import { createElement } from "react";
import { db, postgresError, queryRow, UNIQUE_VIOLATION, type Queryable, type Tx } from "~/db.server";
import { NoticeChangedEmail } from "~/emails/notice-changed";
import { recordAudit } from "~/modules/audit/audit.server";
import { enqueueEmailToEach } from "~/modules/email/outbox.server";
import { findUserById, verifiedEmails } from "~/modules/identity/users.server";
import { env } from "~/modules/platform/env.server";
import { AppError } from "~/modules/platform/errors";
import { listMembers, memberSince } from "~/modules/tenancy/members.server";
import { type TenantActor, withTenant } from "~/modules/tenancy/context.server";
import { currentOrganisation } from "~/modules/tenancy/organisations.server";
import { todayIn } from "~/utils/dates";
import { formValues, parseForm, type FormValues, type FieldErrors } from "~/utils/forms";
import { renderMarkdown } from "~/utils/markdown.server";
import { NOTICE_DATE_FIELDS, NOTICE_MAX_LENGTH, noticeActionSchema, noticeSchema, type NoticeInput } from "./notice-forms";
import { folioNoticeAcknowledgements, folioNoticeVersions, noticeAcknowledgements, noticeVersions } from "./schema";

/**
 * Privacy notices with versions, one per site: Folio's own (global tables, the owner connection, published by
 * Folio administrators) and one per organisation (tenant tables inside withTenant, published by members with
 * privacy:manage). Every function takes the site and runs the same code for both. A version is never changed once
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

/** Whose notice: Folio's own (`database` is the owner connection) or the organisation's of a tenant transaction. */
export type NoticeSite = "folio" | "organisation";

/** The tables of a site's notice; an organisation's rows carry its tenant id. */
function tablesOf(site: NoticeSite) {
  return site === "folio"
    ? { versions: folioNoticeVersions, acknowledgements: folioNoticeAcknowledgements, ofTenant: sql``, tenantId: {} }
    : { versions: noticeVersions, acknowledgements: noticeAcknowledgements, ofTenant: sql`tenant_id = app_tenant_id() and`, tenantId: { tenantId: sql`app_tenant_id()` } };
}

/** Is this person a Folio administrator (FOLIO_ADMIN_EMAILS), with a verified address? */
export function isPlatformAdmin(user: { email: string; emailVerified: boolean }): boolean {
  return user.emailVerified && env().FOLIO_ADMIN_EMAILS.includes(user.email.trim().toLowerCase());
}

/** Every version of the site's notice, newest first. */
export async function listNotices(database: Queryable, site: NoticeSite): Promise<NoticeSummary[]> {
  const { versions } = tablesOf(site);
  const rows = await database
    .select({ version: versions.version, lastUpdated: versions.lastUpdated, effectiveDate: versions.effectiveDate, material: versions.material, publishedAt: versions.publishedAt })
    .from(versions)
    .orderBy(desc(versions.version));
  return rows.map(toSummary);
}

export async function getNotice(database: Queryable, site: NoticeSite, version: number): Promise<Notice | undefined> {
  if (!Number.isSafeInteger(version) || version < 1 || version > 2_147_483_647) return undefined;
  const { versions } = tablesOf(site);
  const [row] = await database.select().from(versions).where(eq(versions.version, version));
  return row ? { ...toSummary(row), bodyMarkdown: row.bodyMarkdown } : undefined;
}

/** The site's notice in effect on `today`, with every version; undefined when it has none. */
export async function noticeOverview(database: Queryable, site: NoticeSite, today: string): Promise<NoticeOverview | undefined> {
  const versions = await listNotices(database, site);
  const current = currentVersionOf(versions, today);
  if (!current) return undefined;
  return overviewOf(versions, (await getNotice(database, site, current.version))!);
}

/**
 * Folio's notice in effect, creating version 1 from the notice Folio shipped with when none was ever published,
 * so sign-up and /privacy work on a new database. Two first callers at once both end up with the same version 1.
 */
export async function ensureFolioNotice(database: Queryable = db(), today = todayUtc()): Promise<NoticeOverview> {
  const overview = await noticeOverview(database, "folio", today);
  if (overview) return overview;
  await database
    .insert(folioNoticeVersions)
    .values({ version: 1, bodyMarkdown: INITIAL_FOLIO_NOTICE, lastUpdated: INITIAL_FOLIO_NOTICE_DATE, effectiveDate: INITIAL_FOLIO_NOTICE_DATE, material: false })
    .onConflictDoNothing();
  return (await noticeOverview(database, "folio", today))!;
}

/**
 * The version of Folio's notice a person accepts at sign-up: the one the form showed when it names a published
 * version, else the one in effect now.
 */
export async function acceptedFolioNoticeVersion(database: Queryable, shown?: string | null): Promise<string> {
  if (shown && /^[1-9][0-9]{0,6}$/.test(shown) && (await getNotice(database, "folio", Number(shown)))) return shown;
  return String((await ensureFolioNotice(database)).current.version);
}

/** Who a site's new version is about and how it is announced: every Folio user, or the organisation's members. */
async function audienceOf(tx: Tx, site: NoticeSite, version: number) {
  if (site === "folio") {
    return {
      publisherName: "Folio",
      url: `${env().APP_URL}/privacy/versions/${version}`,
      recipients: (publisherId: string | null) => verifiedEmails(tx, { except: publisherId }),
    };
  }
  const organisation = await currentOrganisation(tx);
  return {
    publisherName: organisation.name,
    url: `${env().APP_URL}/o/${organisation.slug}/privacy?version=${version}`,
    recipients: async (publisherId: string | null) => verifiedEmails(tx, { among: (await listMembers(tx)).map((m) => m.userId), except: publisherId }),
  };
}

/**
 * Publishes a new version of the site's notice, as `publisherId` (an organisation's: the acting member). A
 * material version writes one email to each other person it concerns with a verified address (every Folio user,
 * or the organisation's members), in this transaction; the publisher's acknowledgement is recorded at once (they
 * read what they wrote). An organisation's publication is audited as privacy_notice.published.
 */
export async function publishNotice(tx: Tx, site: NoticeSite, input: NoticeInput, publisherId: string | null = null): Promise<Notice> {
  const { versions, acknowledgements, tenantId } = tablesOf(site);
  // One publication at a time per site: the newest version row is locked until this one is written.
  await tx.select({ version: versions.version }).from(versions).orderBy(desc(versions.version)).limit(1).for("update");
  const [row] = await tx
    .insert(versions)
    .values({
      ...tenantId,
      version: sql`(select coalesce(max(version), 0) + 1 from ${versions})`,
      bodyMarkdown: input.bodyMarkdown,
      lastUpdated: input.lastUpdated,
      effectiveDate: input.effectiveDate,
      material: input.material,
      publishedByUserId: publisherId ?? sql`app_user_id()`,
    })
    .returning()
    .catch(refuseConcurrentPublication);
  const notice: Notice = { ...toSummary(row), bodyMarkdown: row.bodyMarkdown };
  if (row.publishedByUserId) {
    await tx.insert(acknowledgements).values({ ...tenantId, userId: row.publishedByUserId, version: notice.version }).onConflictDoNothing();
  }
  if (notice.material) {
    const audience = await audienceOf(tx, site, notice.version);
    await enqueueEmailToEach(tx, {
      template: "notice-changed",
      to: await audience.recipients(row.publishedByUserId),
      subject: `${audience.publisherName} updated its privacy notice`,
      body: createElement(NoticeChangedEmail, {
        publisherName: audience.publisherName,
        version: notice.version,
        lastUpdated: notice.lastUpdated,
        effectiveDate: notice.effectiveDate,
        url: audience.url,
      }),
    });
  }
  if (site === "organisation") {
    await recordAudit(tx, { action: "privacy_notice.published", entityType: "privacy_notice", entityId: String(notice.version), after: auditableVersion(notice) });
  }
  return notice;
}

/** Publishes a new version of Folio's notice: Folio administrators only, in a transaction of its own. */
export async function publishFolioNotice(publisher: { id: string; email: string; emailVerified: boolean }, input: NoticeInput): Promise<Notice> {
  if (!isPlatformAdmin(publisher)) throw new AppError("forbidden", "Only Folio administrators may publish Folio's privacy notice.");
  await ensureFolioNotice();
  return db().transaction((tx) => publishNotice(tx, "folio", input, publisher.id));
}

/** The version a person accepted at sign-up (users.privacy_notice_version), 0 when it is no version number. */
function acceptedAtSignUp(user: { privacyNoticeVersion: string | null } | undefined): number {
  return user?.privacyNoticeVersion && /^[0-9]{1,9}$/.test(user.privacyNoticeVersion) ? Number(user.privacyNoticeVersion) : 0;
}

/**
 * A person's version of the site's notice awaiting acknowledgement, or null: the newest material version in
 * effect on `today`, not yet acknowledged, and published after the person came (Folio: after the version they
 * accepted at sign-up; an organisation: after they joined, since those who join later read the notice in force).
 * One indexed query, and a second only while a version is waiting.
 */
export async function noticeAwaitingAcknowledgement(database: Queryable, site: NoticeSite, userId: string, today = todayUtc()): Promise<number | null> {
  const { versions, acknowledgements, ofTenant } = tablesOf(site);
  const latest = await queryRow<{ version: number; published_at: Date | string }>(
    database,
    sql`select latest.version, latest.published_at from (
          select version, published_at from ${versions} where ${ofTenant} material and effective_date <= ${today}::date order by version desc limit 1
        ) latest
        where not exists (select 1 from ${acknowledgements} a where ${ofTenant} a.user_id = ${userId} and a.version = latest.version)`,
  );
  if (!latest) return null;
  const version = Number(latest.version);
  if (site === "folio") return acceptedAtSignUp(await findUserById(database, userId)) < version ? version : null;
  const since = await memberSince(database as Tx, userId);
  return since && since.getTime() < new Date(latest.published_at).getTime() ? version : null;
}

/** Records that the person read `version` of the site's notice; an organisation's is audited once. */
export async function acknowledgeNotice(database: Queryable, site: NoticeSite, userId: string, version: number): Promise<void> {
  if (!(await getNotice(database, site, version))) throw new AppError("not_found", "That version of the notice does not exist.");
  const { acknowledgements, tenantId } = tablesOf(site);
  const inserted = await database
    .insert(acknowledgements)
    .values({ ...tenantId, userId, version })
    .onConflictDoNothing()
    .returning({ version: acknowledgements.version });
  if (inserted.length > 0 && site === "organisation") {
    await recordAudit(database as Tx, { action: "privacy_notice.acknowledged", entityType: "privacy_notice", entityId: String(version), after: { userId, version } });
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

export interface PendingNotice {
  kind: NoticeSite;
  version: number;
}

/**
 * The notice a member must acknowledge before going on in the organisation: Folio's first, then the
 * organisation's; null when there is none. Folio's notice lives in global tables the application role cannot
 * read, the organisation's under row-level security, so the two are read side by side.
 */
export async function noticeAwaitingMember(actor: TenantActor, timeZone: string): Promise<PendingNotice | null> {
  const userId = actor.userId;
  if (!userId) return null;
  const [folio, organisation] = await Promise.all([
    noticeAwaitingAcknowledgement(db(), "folio", userId),
    withTenant(actor, (tx) => noticeAwaitingAcknowledgement(tx, "organisation", userId, todayIn(timeZone))),
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
