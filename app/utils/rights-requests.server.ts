import type { TableDataMap } from "~/modules/platform/data-map";
import type { teamActionSchema } from "~/modules/privacy/rights-forms";
import {
  approveRequest,
  cancelRequest,
  completeRequest,
  denyRequest,
  extendRequest,
  type Organisation,
  type rightsRequestDetail,
  startReview,
} from "~/modules/privacy/rights-requests.server";
import type { Tx } from "~/db.server";
import type { z } from "zod";

/* What an organisation's queue and Folio's share: a request's detail as JSON and the team's decisions. */

const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);

export function rightsRequestDetailJson(detail: Awaited<ReturnType<typeof rightsRequestDetail>>) {
  const r = detail.request;
  return {
    request: {
      id: r.id,
      reference: r.reference,
      right: r.right,
      state: r.state,
      email: r.email,
      name: r.name,
      phone: r.phone,
      description: r.description,
      verifiedAt: day(r.verifiedAt),
      dueAt: day(r.dueAt),
      extendedAt: day(r.extendedAt),
      extensionReason: r.extensionReason,
      decisionReason: r.decisionReason,
      statement: r.statement,
      overdue: r.overdue,
      dueSoon: r.dueSoon,
    },
    found: detail.found,
    plan: detail.plan,
    records: detail.records,
  };
}

/** Carries out one of the team's decisions in `tx`; the flash message to show. */
export async function runTeamAction(tx: Tx, maps: readonly TableDataMap[], input: z.infer<typeof teamActionSchema>, id: string, organisation: Organisation, tenantId: string | null): Promise<string> {
  switch (input.intent) {
    case "review":
      await startReview(tx, { id, organisation });
      return "The request is in review.";
    case "approve":
      await approveRequest(tx, { id, organisation });
      return "Approved. The requester has been told.";
    case "deny":
      await denyRequest(tx, { id, reason: input.reason, organisation });
      return "Denied. The requester has been told why, and of the right to complain.";
    case "extend": {
      const { dueAt } = await extendRequest(tx, { id, months: input.months, reason: input.reason, organisation });
      return `Extended to ${day(dueAt)}. The requester has been told why.`;
    }
    case "complete": {
      const result = await completeRequest(tx, maps, { id, tenantId: tenantId ?? "", organisation, note: input.note });
      return result.state === "completed" ? "Completed. The requester has the statement." : "Partially completed: what the law keeps is restricted, and the requester has the statement.";
    }
    case "cancel":
      await cancelRequest(tx, { id, organisation });
      return "Cancelled.";
  }
}
