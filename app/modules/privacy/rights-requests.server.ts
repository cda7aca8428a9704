import { createHash, randomInt, timingSafeEqual } from "node:crypto";
import { and, asc, eq, gt, lt, lte, sql, type SQL } from "drizzle-orm";
import { createElement } from "react";
import { db, queryRow, type Tx } from "~/db.server";
import { RightsRequestEmail } from "~/emails/rights-request";
import { recordAudit } from "~/modules/audit/audit.server";
import { enqueueEmail } from "~/modules/email/outbox.server";
import { DATA_CATEGORIES, type TableDataMap } from "~/modules/platform/data-map";
import { scheduleAccountDeletion } from "~/modules/identity/account-deletion.server";
import { env } from "~/modules/platform/env.server";
import { AppError } from "~/modules/platform/errors";
import { emailHash, erasurePlan, executeErasure, findPersonalData, packageData, restrictRows, type FoundTable, type PlannedRow } from "./personal-data.server";
import { processingRegister } from "./register";
import { RIGHT_LABELS, STATE_LABELS } from "./rights-forms";

export { RIGHT_LABELS, STATE_LABELS };
import { folioRightsRequests, marketingSuppressions, type RequestState, type Right, RIGHTS, rightsRequests } from "./schema";

/*
 * Rights requests (docs/decisions/0023-rights-requests.md): filed on a public page (or by a signed-in user),
 * verified by a 6-digit code sent to the address, then worked by the organisation's privacy team. Every change
 * of state is audited and mailed to the requester in the same transaction.
 */

export const CODE_VALID_MINUTES = 15;
export const CODE_MAX_ATTEMPTS = 5;
export const CODE_MAX_SENDS = 3;
export const PACKAGE_VALID_DAYS = 7;
export const RESTRICTION_MONTHS = 6;
const FINAL: readonly RequestState[] = ["denied", "completed", "partially_completed", "cancelled"];
const COMPLAINT = "You have the right to lodge a complaint with a supervisory authority, in particular in the member state where you live or work, or where you think your rights were infringed.";

export type RightsRequest = typeof rightsRequests.$inferSelect;

/** Whose request it is: an organisation's (a tenant table, in withTenant) or Folio's own (a global table). */
export type Controller = TableDataMap["controller"];

export interface Organisation {
  name: string;
  slug: string;
  timeZone?: string;
  /** "folio" for requests to Folio itself; an organisation's otherwise. */
  controller?: Controller;
}

/** Folio as the controller of its users' and visitors' data: its rights page is /rights, its queue /folio/privacy/requests. */
export const FOLIO_CONTROLLER: Organisation = { name: "Folio", slug: "", controller: "folio" };

/** Runs `work` where Folio's own requests live: a transaction of the global tables (no tenant). */
export function withFolioRights<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  return db().transaction(work);
}

const controllerOf = (organisation: Organisation): Controller => organisation.controller ?? "tenant";

/**
 * The table of a controller's requests. The two tables have the same columns but Folio's has no tenant_id; the
 * organisation's type serves both (drizzle writes only the columns a table has).
 */
function tableOf(controller: Controller): typeof rightsRequests {
  return (controller === "folio" ? folioRightsRequests : rightsRequests) as unknown as typeof rightsRequests;
}

/** The controller of a locked request: Folio's rows carry no tenant. */
function controllerOfRequest(request: RightsRequest): Controller {
  return request.tenantId ? "tenant" : "folio";
}

async function updateRequest(tx: Tx, request: RightsRequest, set: Partial<typeof rightsRequests.$inferInsert>): Promise<RightsRequest> {
  const table = tableOf(controllerOfRequest(request));
  const [updated] = await tx.update(table).set(set).where(eq(table.id, request.id)).returning();
  return updated;
}

export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const last = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, last));
  return result;
}

function codeHash(id: string, code: string) {
  return createHash("sha256").update(`${id}:${code}`).digest("hex");
}

function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

function newReference(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  let reference = "";
  for (let i = 0; i < 8; i++) reference += alphabet[randomInt(0, alphabet.length)];
  return `PR-${reference.slice(0, 4)}-${reference.slice(4)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NOT_FOUND = "There is no such request.";

function day(date: Date | null | undefined) {
  return date ? date.toISOString().slice(0, 10) : "";
}

function publicUrl(organisation: Organisation, path: string) {
  if (controllerOf(organisation) === "folio") return `${env().APP_URL ?? ""}/rights${path}`;
  return `${env().APP_URL ?? ""}/o/${organisation.slug}/rights${path}`;
}

async function mail(tx: Tx, request: RightsRequest, organisation: Organisation, heading: string, paragraphs: string[], extra: { code?: string; link?: { label: string; url: string } } = {}) {
  await enqueueEmail(tx, {
    template: "rights-request",
    to: request.email,
    subject: `${heading} (${request.reference}, ${organisation.name})`,
    body: createElement(RightsRequestEmail, { heading, paragraphs: [`Your request ${request.reference} to ${organisation.name}: ${RIGHT_LABELS[request.right]}.`, ...paragraphs], ...extra }),
  });
}

async function audit(tx: Tx, request: RightsRequest, from: RequestState | null, to: RequestState, extra: Record<string, unknown> = {}, actorLabel?: string) {
  // Folio has no audit trail of its own (the trail is per organisation): its requests keep their dates on the row.
  if (controllerOfRequest(request) === "folio") return;
  await recordAudit(tx, {
    action: `rights_request.${to}`,
    entityType: "rights_request",
    entityId: request.id,
    before: from ? { state: from } : null,
    after: { state: to, right: request.right, reference: request.reference, ...extra },
    actorLabel,
  });
}

export interface FileRequestInput {
  right: Right;
  email: string;
  name?: string | null;
  phone?: string | null;
  description?: string | null;
}

/**
 * Files a request. From a public page (no user) it waits for the code mailed to the address; a signed-in user
 * asking about their own address is verified at once. The answer is the same whether or not the address is known.
 */
export async function fileRightsRequest(
  tx: Tx,
  options: { tenantId: string | null; organisation: Organisation; input: FileRequestInput; verifiedUserId?: string | null; now?: Date },
): Promise<{ id: string; reference: string; state: RequestState }> {
  const now = options.now ?? new Date();
  const { input } = options;
  if (!RIGHTS.includes(input.right)) throw new AppError("invalid", "Choose which right you want to exercise.", { field: "right" });
  const email = input.email.trim().toLowerCase();
  const verified = Boolean(options.verifiedUserId);
  const code = newCode();
  const table = tableOf(controllerOf(options.organisation));
  const [request] = await tx
    .insert(table)
    .values({
      tenantId: options.tenantId as string,
      reference: newReference(),
      right: input.right,
      state: verified ? "verified" : "unverified",
      email,
      emailHash: emailHash(email),
      name: input.name || null,
      phone: input.phone || null,
      description: input.description || null,
      userId: options.verifiedUserId ?? null,
      codeExpiresAt: verified ? null : new Date(now.getTime() + CODE_VALID_MINUTES * 60_000),
      codeSends: verified ? 0 : 1,
      verifiedAt: verified ? now : null,
      dueAt: verified ? addMonths(now, 1) : null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (verified) {
    await audit(tx, request, null, "verified");
    await mail(tx, request, options.organisation, "We have received your request", [`We will answer by ${day(request.dueAt)}.`]);
  } else {
    await updateRequest(tx, request, { codeHash: codeHash(request.id, code) });
    await audit(tx, request, null, "unverified", {}, "requester");
    await mail(tx, request, options.organisation, "Confirm your privacy request", [`Enter this code on the page where you made the request. It is valid for ${CODE_VALID_MINUTES} minutes. If you did not ask for this, ignore this message.`], { code });
  }
  return { id: request.id, reference: request.reference, state: request.state };
}

async function lockRequest(tx: Tx, id: string, controller: Controller = "tenant"): Promise<RightsRequest> {
  if (!UUID.test(id)) throw new AppError("not_found", NOT_FOUND);
  const table = tableOf(controller);
  const [request] = await tx.select().from(table).where(eq(table.id, id)).for("update");
  if (!request) throw new AppError("not_found", NOT_FOUND);
  return request;
}

/**
 * A refusal of a code that must still commit (the wrong attempt is counted): operations that check a code
 * return it instead of throwing, and the caller throws it after the transaction (see `unlessRefused`).
 */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: AppError };

/** The value of a checked operation, or its refusal thrown now that the attempt is committed. */
export function unlessRefused<T>(checked: Checked<T>): T {
  if (!checked.ok) throw checked.error;
  return checked.value;
}

/** The code is checked: at most 5 wrong tries per code, each counted (the caller commits before refusing). */
async function checkCode(tx: Tx, request: RightsRequest, code: string, now: Date): Promise<void> {
  if (!request.codeHash || !request.codeExpiresAt) throw new AppError("invalid", "There is no code waiting for this request. Ask for a new code.", { field: "code", reason: "no_code" });
  if (request.codeAttempts >= CODE_MAX_ATTEMPTS) throw new AppError("throttled", "Too many wrong codes. Ask for a new code.", { field: "code", reason: "attempts", retryAt: now });
  if (request.codeExpiresAt <= now) throw new AppError("invalid", "This code has expired. Ask for a new code.", { field: "code", reason: "expired" });
  const given = Buffer.from(codeHash(request.id, code.trim()));
  const expected = Buffer.from(request.codeHash);
  if (!/^[0-9]{6}$/.test(code.trim()) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    const attempts = request.codeAttempts + 1;
    await updateRequest(tx, request, { codeAttempts: attempts, updatedAt: now });
    const left = CODE_MAX_ATTEMPTS - attempts;
    throw new AppError(left > 0 ? "invalid" : "throttled", left > 0 ? `That code is not right. ${left} attempt${left === 1 ? "" : "s"} left.` : "Too many wrong codes. Ask for a new code.", {
      field: "code",
      reason: left > 0 ? "wrong" : "attempts",
      retryAt: left > 0 ? undefined : now,
    });
  }
}

async function checked<T>(work: () => Promise<T>): Promise<Checked<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof AppError && error.field === "code") return { ok: false, error };
    throw error;
  }
}

/** Verifies a request with its code: it is then due one calendar month later. */
export async function verifyRightsRequest(tx: Tx, options: { id: string; code: string; organisation: Organisation; now?: Date }) {
  const now = options.now ?? new Date();
  const request = await lockRequest(tx, options.id, controllerOf(options.organisation));
  if (request.state !== "unverified") throw new AppError("conflict", "This request is already verified.", { reason: "verified" });
  const check = await checked(() => checkCode(tx, request, options.code, now));
  if (!check.ok) return check;
  const dueAt = addMonths(now, 1);
  const updated = await updateRequest(tx, request, { state: "verified", verifiedAt: now, dueAt, codeHash: null, codeExpiresAt: null, codeAttempts: 0, updatedAt: now });
  await audit(tx, updated, "unverified", "verified", {}, "requester");
  await mail(tx, updated, options.organisation, "We have received your request", [`Your reference is ${updated.reference}. We will answer by ${day(dueAt)}.`]);
  return { ok: true as const, value: { reference: updated.reference, dueAt } };
}

/** A new code, replacing the old one; at most 3 codes per request (or per package download). */
export async function resendRightsRequestCode(tx: Tx, options: { id: string; organisation: Organisation; now?: Date }) {
  const now = options.now ?? new Date();
  const request = await lockRequest(tx, options.id, controllerOf(options.organisation));
  const forPackage = request.state === "completed" && request.packageExpiresAt !== null;
  if (request.state !== "unverified" && !forPackage) throw new AppError("conflict", "This request needs no code.", { reason: "verified" });
  if (forPackage && request.packageExpiresAt! <= now) throw new AppError("conflict", "This download link has expired. Make a new access request.", { reason: "expired" });
  if (request.codeSends >= CODE_MAX_SENDS) throw new AppError("throttled", "We have sent the most codes we send for one request. Make a new request if you need to.", { reason: "sends", retryAt: now });
  const code = newCode();
  await updateRequest(tx, request, { codeHash: codeHash(request.id, code), codeExpiresAt: new Date(now.getTime() + CODE_VALID_MINUTES * 60_000), codeAttempts: 0, codeSends: request.codeSends + 1, updatedAt: now });
  await mail(tx, request, options.organisation, forPackage ? "Your code to download your data" : "Your new code", [`The code is valid for ${CODE_VALID_MINUTES} minutes.`], { code });
}

/** What the requester's own page shows: nothing but the state of their request. */
export async function requestStatus(tx: Tx, id: string, controller: Controller = "tenant") {
  const request = await lockRequest(tx, id, controller);
  return { id: request.id, reference: request.reference, right: request.right, state: request.state, dueAt: request.dueAt, packageExpiresAt: request.packageExpiresAt, codeSends: request.codeSends };
}

export type DueFilter = "overdue" | "week" | "";

export interface RequestFilter {
  state?: RequestState | "";
  right?: Right | "";
  due?: DueFilter;
}

/** The privacy team's queue, due soonest first; unverified requests only when asked for by state. */
export async function listRightsRequests(tx: Tx, filter: RequestFilter, now: Date = new Date(), controller: Controller = "tenant") {
  const rightsRequests = tableOf(controller);
  const conditions: SQL[] = [];
  if (filter.state) conditions.push(eq(rightsRequests.state, filter.state));
  else conditions.push(sql`${rightsRequests.state} <> 'unverified'`);
  if (filter.right) conditions.push(eq(rightsRequests.right, filter.right));
  const open = sql`${rightsRequests.state} not in ('denied', 'completed', 'partially_completed', 'cancelled', 'unverified')`;
  if (filter.due === "overdue") conditions.push(and(open, lt(rightsRequests.dueAt, now))!);
  if (filter.due === "week") conditions.push(and(open, gt(rightsRequests.dueAt, now), lte(rightsRequests.dueAt, new Date(now.getTime() + 7 * 86_400_000)))!);
  const rows = await tx
    .select()
    .from(rightsRequests)
    .where(and(...conditions))
    .orderBy(asc(rightsRequests.dueAt), asc(rightsRequests.createdAt))
    .limit(200);
  return rows.map((row) => ({ ...flags(row, now), id: row.id, reference: row.reference, right: row.right, state: row.state, email: row.email, dueAt: row.dueAt, createdAt: row.createdAt }));
}

function flags(request: RightsRequest, now: Date) {
  const open = !FINAL.includes(request.state) && request.state !== "unverified";
  const overdue = open && request.dueAt !== null && request.dueAt < now;
  const dueSoon = open && !overdue && request.dueAt !== null && request.dueAt.getTime() - now.getTime() <= 7 * 86_400_000;
  return { overdue, dueSoon };
}

async function statutoryYears(tx: Tx, controller: Controller = "tenant"): Promise<number> {
  // Folio keeps no books of its own customers' trade; an organisation sets its period in privacy_settings.
  if (controller === "folio") return 10;
  const row = await queryRow<{ years: number }>(tx, sql`select statutory_retention_years as years from privacy_settings`);
  return Number(row?.years ?? 10);
}

/** The tables whose rows have an edit screen of their own: a rectification links to each record found. */
export const RECORD_TABLES: readonly string[] = ["customers", "suppliers", "leads"];

/** A request with what the data map finds for its address and the plan of what erasure would do to each row. */
export async function rightsRequestDetail(tx: Tx, maps: readonly TableDataMap[], id: string, now: Date = new Date(), controller: Controller = "tenant") {
  const request = await lockRequest(tx, id, controller);
  const found = request.state === "unverified" ? [] : await findPersonalData(tx, maps, { email: request.email, userId: request.userId }, controller);
  const plan = erasurePlan(found, await statutoryYears(tx, controller), now);
  const records = found
    .filter((f) => RECORD_TABLES.includes(f.table))
    .flatMap((f) => f.rows.map((row) => ({ table: f.table, id: String(row.id), label: String(row.name ?? row.email ?? row.id) })));
  return { request: { ...request, codeHash: undefined, ...flags(request, now) }, found: found.map((f) => ({ table: f.table, purpose: f.map.purpose, rows: f.rows.length })), plan, records };
}

async function transition(tx: Tx, id: string, organisation: Organisation, from: readonly RequestState[], to: RequestState, now: Date, set: Partial<typeof rightsRequests.$inferInsert> = {}) {
  const request = await lockRequest(tx, id, controllerOf(organisation));
  if (!from.includes(request.state)) throw new AppError("conflict", `This request is ${STATE_LABELS[request.state].toLowerCase()}; it cannot become ${STATE_LABELS[to].toLowerCase()} now.`, { reason: "state" });
  const updated = await updateRequest(tx, request, { ...set, state: to, updatedAt: now });
  await audit(tx, updated, request.state, to, set.decisionReason ? { reason: set.decisionReason } : {});
  return { before: request, request: updated };
}

export async function startReview(tx: Tx, options: { id: string; organisation: Organisation; now?: Date }) {
  const { request } = await transition(tx, options.id, options.organisation, ["verified"], "in_review", options.now ?? new Date());
  await mail(tx, request, options.organisation, "Your request is being reviewed", [`We will answer by ${day(request.dueAt)}.`]);
}

export async function approveRequest(tx: Tx, options: { id: string; organisation: Organisation; now?: Date }) {
  const { request } = await transition(tx, options.id, options.organisation, ["verified", "in_review"], "approved", options.now ?? new Date());
  await mail(tx, request, options.organisation, "Your request is approved", [`We are carrying it out and will write again when it is done, by ${day(request.dueAt)}.`]);
}

export async function denyRequest(tx: Tx, options: { id: string; reason: string; organisation: Organisation; now?: Date }) {
  const reason = options.reason.trim();
  if (reason.length < 5) throw new AppError("invalid", "Say why the request is denied: the requester is told.", { field: "reason" });
  const { request } = await transition(tx, options.id, options.organisation, ["verified", "in_review"], "denied", options.now ?? new Date(), { decisionReason: reason, completedAt: options.now ?? new Date() });
  await mail(tx, request, options.organisation, "Your request is denied", [`Why: ${reason}`, COMPLAINT]);
}

/** One extension, by at most two months, with a reason, before the first month ends. */
export async function extendRequest(tx: Tx, options: { id: string; months: number; reason: string; organisation: Organisation; now?: Date }) {
  const now = options.now ?? new Date();
  const current = await lockRequest(tx, options.id, controllerOf(options.organisation));
  if (current.extendedAt) throw new AppError("conflict", "This request has already been extended once.", { reason: "extended" });
  if (!current.dueAt || current.dueAt <= now) throw new AppError("conflict", "The extension must be sent before the first month ends.", { reason: "late" });
  if (![1, 2].includes(options.months)) throw new AppError("invalid", "Extend by one or two months.", { field: "months" });
  const reason = options.reason.trim();
  if (reason.length < 5) throw new AppError("invalid", "Say why more time is needed: the requester is told.", { field: "reason" });
  const dueAt = addMonths(current.dueAt, options.months);
  const { request } = await transition(tx, options.id, options.organisation, ["verified", "in_review", "approved", "in_progress"], current.state, now, { dueAt, extendedAt: now, extensionReason: reason });
  await mail(tx, request, options.organisation, "We need more time for your request", [`Why: ${reason}`, `We will answer by ${day(dueAt)}.`, COMPLAINT]);
  return { dueAt };
}

export async function cancelRequest(tx: Tx, options: { id: string; organisation: Organisation; now?: Date }) {
  const { request } = await transition(tx, options.id, options.organisation, ["unverified", "verified", "in_review", "approved", "in_progress"], "cancelled", options.now ?? new Date(), { codeHash: null });
  await mail(tx, request, options.organisation, "Your request is cancelled", ["Nothing more will be done with it. You may make a new request at any time."]);
}

/** What the statement to the requester says was kept, why and until when, grouped by table and reason. */
export function keptStatement(kept: readonly PlannedRow[]): string[] {
  const groups = new Map<string, { table: string; reason: string; until: string | null; rows: number }>();
  for (const row of kept) {
    const key = `${row.table}|${row.keptFor}`;
    const group = groups.get(key) ?? { table: row.table, reason: row.keptFor ?? "", until: row.keptUntil ?? null, rows: 0 };
    group.rows++;
    if (row.keptUntil && (!group.until || row.keptUntil > group.until)) group.until = row.keptUntil;
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => `${g.rows} row${g.rows === 1 ? "" : "s"} of ${g.table.replace(/_/g, " ")}: kept because ${g.reason}${g.until ? `, until ${g.until}` : ""}. They are restricted: used for nothing else and shown in no list, search or export.`);
}

export interface CompletionResult {
  state: "completed" | "partially_completed";
  statement: string;
}

/**
 * Carries out an approved request in one transaction (approved -> in progress -> completed or partially
 * completed): erasure executes the plan, restriction marks the rows, objection adds the address's hash to the
 * suppression list, access and portability open the package for 7 days, rectification records what was changed.
 */
export async function completeRequest(tx: Tx, maps: readonly TableDataMap[], options: { id: string; tenantId: string; organisation: Organisation; note?: string; now?: Date }): Promise<CompletionResult> {
  const now = options.now ?? new Date();
  const { request } = await transition(tx, options.id, options.organisation, ["approved", "in_progress"], "in_progress", now);
  const controller = controllerOf(options.organisation);
  const years = await statutoryYears(tx, controller);
  const found = await findPersonalData(tx, maps, { email: request.email, userId: request.userId }, controller);
  let state: CompletionResult["state"] = "completed";
  const lines: string[] = [];
  let link: { label: string; url: string } | undefined;
  const set: Partial<typeof rightsRequests.$inferInsert> = { completedAt: now };
  switch (controller === "folio" ? `folio:${request.right}` : request.right) {
    case "folio:erasure": {
      // Folio's data about a person is their account: it is deleted after the same grace period as "Delete my
      // account" (signing in cancels it); the retention job deletes it, and with it the account's sessions and links.
      const account = found.find((f) => f.table === "users")?.rows[0];
      if (account) {
        const dueAt = await scheduleAccountDeletion(tx, String(account.id), now);
        lines.push(`Your Folio account will be deleted on ${day(dueAt)}. If you sign in before then, the deletion is cancelled.`);
      } else lines.push("Folio keeps no account for this address.");
      lines.push("This request itself is kept for 36 months as proof that it was handled.");
      break;
    }
    case "folio:restriction":
    case "folio:objection":
    case "folio:rectification": {
      const note = options.note?.trim() ?? "";
      if (note.length < 5) throw new AppError("invalid", "Say what was done: the requester is told.", { field: "note" });
      lines.push(request.right === "objection" ? `Folio sends no marketing. ${note}` : note);
      break;
    }
    case "folio:access":
    case "folio:portability":
    case "access":
    case "portability": {
      set.packageExpiresAt = new Date(now.getTime() + PACKAGE_VALID_DAYS * 86_400_000);
      set.codeSends = 0;
      lines.push(`Your data is ready to download until ${day(set.packageExpiresAt)}: open the link and ask for a code, which we send to this address.`);
      link = { label: "Download your data", url: publicUrl(options.organisation, `/${request.id}/package`) };
      break;
    }
    case "erasure": {
      const plan = erasurePlan(found, years, now).filter((row) => row.table !== "rights_requests");
      const outcome = await executeErasure(tx, maps, plan, { requestId: request.id, emailHash: request.emailHash, tenantId: options.tenantId });
      lines.push(`We deleted ${outcome.deleted} and anonymised ${outcome.anonymised} record${outcome.anonymised === 1 ? "" : "s"} about you.`);
      if (outcome.kept.length > 0) {
        state = "partially_completed";
        lines.push("The law requires us to keep some records:", ...keptStatement(outcome.kept), "They will be anonymised or deleted when that period ends.");
      }
      lines.push("This request itself is kept for 36 months as proof that it was handled.");
      break;
    }
    case "restriction": {
      const until = day(addMonths(now, RESTRICTION_MONTHS));
      const count = await restrictRows(tx, found.filter((f) => f.table !== "rights_requests" && !f.map.immutable), until, { requestId: request.id, tenantId: options.tenantId, reason: "restricted at the person's request (Art. 18 GDPR)" });
      lines.push(`${count} record${count === 1 ? "" : "s"} about you are restricted until ${until}: kept, but used for nothing and shown in no list or export.`);
      break;
    }
    case "objection": {
      await tx.insert(marketingSuppressions).values({ tenantId: options.tenantId, emailHash: request.emailHash, requestId: request.id }).onConflictDoNothing();
      lines.push("Your address will receive no more marketing from us. We keep only a one-way hash of it, so that this holds even if your data is erased.");
      break;
    }
    case "rectification": {
      const note = options.note?.trim() ?? "";
      if (note.length < 5) throw new AppError("invalid", "Say what was corrected: the requester is told.", { field: "note" });
      lines.push(`What we corrected: ${note}`);
      break;
    }
  }
  const statement = lines.join("\n");
  const done = await updateRequest(tx, request, { ...set, state, statement, updatedAt: now });
  await audit(tx, done, "in_progress", state);
  await mail(tx, done, options.organisation, state === "completed" ? "Your request is completed" : "Your request is partially completed", [statement, ...(state === "partially_completed" ? [COMPLAINT] : [])], { link });
  return { state, statement };
}

/** The Art. 15 supplementary information that goes with every package. */
function supplementaryInformation(maps: readonly TableDataMap[], found: readonly FoundTable[], years: number, controller: Controller) {
  const register = processingRegister(maps, controller, years).filter((row) => found.some((f) => f.table === row.table));
  return {
    purposes: register.map((row) => ({ data: row.table, purpose: row.purpose, legalBasis: row.legalBasis })),
    categories: [...new Set(register.flatMap((row) => row.categories))],
    recipients: [...new Set(register.map((row) => row.recipients))],
    retention: register.map((row) => ({ data: row.table, retention: row.retention })),
    source: [...new Set(register.map((row) => row.source))],
    rights: "You may ask for rectification or erasure, restriction, object to processing, and receive your data in a machine-readable format. " + COMPLAINT,
    automatedDecisions: "none",
    allCategories: DATA_CATEGORIES,
  };
}

/** The package (checked: completed, within 7 days, with a fresh code): JSON by entity and the rows per table for CSV. */
export async function openPackage(tx: Tx, maps: readonly TableDataMap[], options: { id: string; code: string; organisation: Organisation; now?: Date }) {
  const now = options.now ?? new Date();
  const controller = controllerOf(options.organisation);
  const request = await lockRequest(tx, options.id, controller);
  if (!["access", "portability"].includes(request.right) || request.state !== "completed" || !request.packageExpiresAt) throw new AppError("not_found", NOT_FOUND);
  if (request.packageExpiresAt <= now) throw new AppError("conflict", "This download link has expired. Make a new access request.", { reason: "expired" });
  const check = await checked(() => checkCode(tx, request, options.code, now));
  if (!check.ok) return check;
  await updateRequest(tx, request, { codeHash: null, codeExpiresAt: null, codeAttempts: 0, updatedAt: now });
  const found = await findPersonalData(tx, maps, { email: request.email, userId: request.userId }, controller);
  const data = packageData(found);
  if (controller === "tenant") await recordAudit(tx, { action: "rights_request.package_downloaded", entityType: "rights_request", entityId: request.id, after: { tables: Object.keys(data) }, actorLabel: "requester" });
  return {
    ok: true as const,
    value: {
    reference: request.reference,
    json: { organisation: options.organisation.name, reference: request.reference, subject: request.email, generatedAt: now.toISOString(), supplementaryInformation: supplementaryInformation(maps, found, await statutoryYears(tx, controller), controller), data },
    tables: data,
    },
  };
}

/**
 * "Download my data": what Folio keeps about a signed-in user (their account, their choices on Folio's pages,
 * their requests to Folio), with the Art. 15 information. No code: the session is the proof. Each organisation
 * the person belongs to answers for its own data on its rights page.
 */
export async function accountPackage(tx: Tx, maps: readonly TableDataMap[], user: { id: string; email: string }, now: Date = new Date()) {
  const found = await findPersonalData(tx, maps, { email: user.email, userId: user.id }, "folio");
  const data = packageData(found);
  return {
    reference: `account-${now.toISOString().slice(0, 10)}`,
    json: { controller: "Folio", subject: user.email, generatedAt: now.toISOString(), supplementaryInformation: supplementaryInformation(maps, found, await statutoryYears(tx, "folio"), "folio"), data },
    tables: data,
  };
}
