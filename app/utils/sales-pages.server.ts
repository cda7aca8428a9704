import { json } from "@remix-run/node";
import { formatQuantity } from "~/modules/inventory/quantities";
import { documentDetail, type DocumentDetail } from "~/modules/sales/detail.server";
import { createDraft, updateDraft, type DraftInput, type SalesDocument, type SalesLine } from "~/modules/sales/documents.server";
import { basisPointsToPercent, DRAFT_DATE_FIELDS, draftHeaderSchema, idParam, KIND_SLUGS, kindOfSlug, readDraftLines, valuesFromLines } from "~/modules/sales/forms";
import { draftFormOptions } from "~/modules/sales/options.server";
import { postDocument } from "~/modules/sales/post-document.server";
import type { DocumentKind } from "~/modules/sales/schema";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember, type Member } from "~/modules/tenancy/guards.server";
import { IDEMPOTENCY_FIELD, newIdempotencyToken, performOnce } from "~/modules/tenancy/idempotency.server";
import { can } from "~/modules/tenancy/permissions";
import { AppError } from "~/modules/platform/errors";
import { toDecimalString } from "./money";
import { serialise } from "./serialise";
import { actionFailure, rethrowAsResponse } from "./errors.server";
import { redirectWithFlash } from "./flash.server";
import { badRequest, readFormData } from "./form-responses.server";
import { parseForm } from "./forms";
import { notFound } from "./responses.server";

/*
 * What the sales document pages share: the kind and id of the address, the draft form's loader data and its action
 * (new and edit), the lines as the pages show them.
 */

export function kindFrom(params: { kind?: string }): DocumentKind {
  const kind = kindOfSlug(params.kind);
  if (!kind) throw notFound("There is no such kind of sales document.");
  return kind;
}

export function documentIdFrom(params: { documentId?: string }): string {
  const parsed = idParam.safeParse(params.documentId);
  if (!parsed.success) throw notFound("That document does not exist in this organisation, or its customer is not assigned to you.");
  return parsed.data;
}

export function documentPath(member: Member, document: Pick<SalesDocument, "kind" | "id">): string {
  return `/app/${member.organisation.slug}/sales/documents/${KIND_SLUGS[document.kind]}/${document.id}`;
}

/** The draft form's choices and a fresh idempotency token. */
export async function draftFormData(member: Member, kind: DocumentKind, values: Record<string, string>) {
  const options = await withTenant(member.actor, (tx) => draftFormOptions(tx));
  return json({ kind, options, values, idempotencyToken: newIdempotencyToken(), canPost: can(member.role, "sales:post") });
}

/** A draft's header and lines as the form's values. */
export function draftValues(document: SalesDocument, lines: SalesLine[], currency: string): Record<string, string> {
  return {
    customerId: document.customerId,
    issueDate: document.issueDate,
    dueDate: document.dueDate ?? "",
    notes: document.notes,
    ...valuesFromLines(
      lines.map((line) => ({
        itemId: line.itemId,
        warehouseId: line.warehouseId ?? "",
        quantity: formatQuantity(line.quantityMicro),
        unitPrice: toDecimalString(line.unitPriceMinor, currency),
        discount: line.discountBp ? basisPointsToPercent(line.discountBp) : "",
        taxRateId: line.taxRateId ?? (line.taxRateBp ? "" : "none"),
        sourceLineId: line.sourceLineId ?? "",
      })),
    ),
  };
}

/**
 * The draft form's action (new and edit): read the header and lines, save the draft, and with "Save and post"
 * post it in the same transaction (posting needs sales:post). A refusal comes back beside its field, values kept.
 */
export async function draftFormAction(request: Request, member: Member, kind: DocumentKind, documentId: string | null) {
  const formData = await readFormData(request);
  const parsed = parseForm(draftHeaderSchema, formData, { dates: { locale: member.organisation.locale, fields: DRAFT_DATE_FIELDS } });
  const flat = Object.fromEntries([...formData.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
  const currency = member.organisation.currency;
  const read = readDraftLines(flat, currency);
  if (!parsed.ok || Object.keys(read.errors).length > 0) {
    const failure = parsed.ok ? { errors: {}, values: flat } : parsed;
    return badRequest({ ...failure, errors: { ...failure.errors, ...read.errors }, values: { ...failure.values, ...read.values } });
  }
  const { intent, customerId, issueDate, dueDate, notes } = parsed.data;
  const post = intent === "save-and-post";
  if (post && !can(member.role, "sales:post")) return actionFailure(new AppError("forbidden", "You may save drafts but not post them."), read.values);
  const input: Omit<DraftInput, "kind" | "sourceDocumentId"> = {
    customerId,
    issueDate,
    dueDate: dueDate || null,
    notes,
    lines: read.lines.map((line) => ({ ...line, taxRateId: line.taxRateId })),
  };
  try {
    const saved = await withTenant(member.actor, (tx) =>
      performOnce(tx, { token: formData.get(IDEMPOTENCY_FIELD), operation: `sales.save_${kind}`, input: { documentId, post, ...serialisable(input) } }, async () => {
        const draft = documentId ? await updateDraft(tx, documentId, input) : await createDraft(tx, { ...input, kind });
        const result = post ? await postDocument(tx, draft.id) : draft;
        return { id: result.id, number: result.number, status: result.status };
      }),
    );
    return redirectWithFlash(documentPath(member, { kind, id: saved.id }), {
      kind: "success",
      message: saved.status === "posted" ? `Posted ${saved.number}.` : "Draft saved.",
    });
  } catch (error) {
    return actionFailure(error, { ...read.values, customerId, issueDate: flat.issueDate ?? issueDate, dueDate: flat.dueDate ?? "", notes });
  }
}

/** The input as JSON for the idempotency record (bigints as strings). */
function serialisable(input: object): Record<string, string> {
  return { input: JSON.stringify(input, (_key, value) => (typeof value === "bigint" ? value.toString() : value)) };
}

/** A document and its lines as its page and its print view send them (amounts as strings, quantities as decimals). */
export function shownDocument(detail: DocumentDetail) {
  const { document } = detail;
  return {
    document: serialise({
      id: document.id,
      number: document.number,
      status: document.status,
      issueDate: document.issueDate,
      dueDate: document.dueDate,
      currency: document.currency,
      notes: document.notes,
      subtotalMinor: document.subtotalMinor,
      discountMinor: document.discountMinor,
      taxMinor: document.taxMinor,
      totalMinor: document.totalMinor,
    }),
    lines: detail.lines.map((l) => ({
      ...serialise({ lineNo: l.lineNo, sku: l.sku, itemName: l.itemName, description: l.description, unit: l.unit, unitPriceMinor: l.unitPriceMinor, taxRateBp: l.taxRateBp, netMinor: l.netMinor, taxMinor: l.taxMinor, totalMinor: l.totalMinor }),
      warehouseName: l.warehouseName,
      quantity: formatQuantity(l.quantityMicro),
      discount: basisPointsToPercent(l.discountBp),
    })),
    customer: detail.customer,
    outstandingMinor: detail.outstandingMinor.toString(),
  };
}

/** The PDF's file name: the document's number, or its kind and id while a draft. */
export function documentPdfFilename(document: Pick<SalesDocument, "kind" | "id" | "number">): string {
  return `${document.number ?? `${document.kind}-draft-${document.id.slice(0, 8)}`}.pdf`;
}

/** The document of the address as its page and print view read it: sales:read, the kind and id checked, 404 otherwise. */
export async function loadDocumentDetail(request: Request, params: { org?: string; kind?: string; documentId?: string }) {
  const member = await requireMember(request, params.org, "sales:read");
  const kind = kindFrom(params);
  const id = documentIdFrom(params);
  const detail = await withTenant(member.actor, (tx) => documentDetail(tx, id, kind)).catch(rethrowAsResponse);
  return { member, kind, detail };
}
