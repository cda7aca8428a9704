import { Form, Link } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { FormError, SelectField, TextAreaField } from "~/components/forms";
import type { PlannedRow } from "~/modules/privacy/personal-data.server";
import type { RequestState, Right } from "~/modules/privacy/schema";
import type { FormFailure } from "~/utils/forms";

/*
 * A rights request as its privacy team works it: requester, dates, what the data map finds, the erasure plan and
 * the decisions. Shared by an organisation's queue (/app/:org/privacy/requests) and Folio's (/folio/privacy/requests).
 */

export interface RightsRequestDetailData {
  id: string;
  reference: string;
  right: Right;
  state: RequestState;
  email: string;
  name: string | null;
  phone: string | null;
  description: string | null;
  verifiedAt: string | null;
  dueAt: string | null;
  extendedAt: string | null;
  extensionReason: string | null;
  decisionReason: string | null;
  statement: string | null;
  overdue: boolean;
  dueSoon: boolean;
}

const OPEN = ["verified", "in_review", "approved", "in_progress"];

/** The edit screen of a record the data map found, under an organisation's pages. */
const EDIT_SCREENS: Record<string, { path: string; label: string }> = {
  customers: { path: "sales/customers", label: "Customer" },
  suppliers: { path: "purchasing/suppliers", label: "Supplier" },
  leads: { path: "crm/leads", label: "Lead" },
};

export function RightsRequestDetail({
  request,
  found,
  plan,
  failure,
  folio = false,
  records = [],
  organisationSlug,
}: {
  request: RightsRequestDetailData;
  found: Array<{ table: string; purpose: string; rows: number }>;
  plan: PlannedRow[];
  failure?: FormFailure;
  /** Folio's own requests: restriction and objection are answered with a note too (Folio keeps no books nor marketing list). */
  folio?: boolean;
  /** The records found that have an edit screen (an organisation's customers, suppliers, leads). */
  records?: Array<{ table: string; id: string; label: string }>;
  organisationSlug?: string;
}) {
  const editable = organisationSlug ? records.filter((r) => EDIT_SCREENS[r.table]) : [];
  const needsNote = request.right === "rectification" || (folio && (request.right === "restriction" || request.right === "objection"));
  const canDecide = request.state === "verified" || request.state === "in_review";
  const canComplete = request.state === "approved" || request.state === "in_progress";
  return (
    <>
      {failure ? <FormError message={failure.formError ?? Object.values(failure.errors ?? {})[0] ?? "The request could not be changed."} /> : null}
      <div className="grid gap-4 md:grid-cols-2">
        <section aria-labelledby="requester" className="card space-y-1">
          <h2 id="requester" className="text-lg font-semibold">
            Requester
          </h2>
          <p>{request.email}</p>
          {request.name ? <p>{request.name}</p> : null}
          {request.phone ? <p>{request.phone}</p> : null}
          {request.description ? <p className="whitespace-pre-line text-slate-700">{request.description}</p> : null}
        </section>
        <section aria-labelledby="dates" className="card space-y-1">
          <h2 id="dates" className="text-lg font-semibold">
            Dates
          </h2>
          <p>Verified: {request.verifiedAt ?? "not yet"}</p>
          <p>
            Due: {request.dueAt ?? "—"}
            {request.overdue ? <strong className="ml-2 text-red-700">Overdue</strong> : null}
            {request.dueSoon ? <strong className="ml-2 text-amber-800">Due within 7 days</strong> : null}
          </p>
          {request.extendedAt ? (
            <p>
              Extended on {request.extendedAt}: {request.extensionReason}
            </p>
          ) : null}
          {request.decisionReason ? <p>Reason given: {request.decisionReason}</p> : null}
        </section>
      </div>
      {request.statement ? (
        <section aria-labelledby="statement" className="card mt-4">
          <h2 id="statement" className="text-lg font-semibold">
            Statement sent to the requester
          </h2>
          <p className="whitespace-pre-line">{request.statement}</p>
        </section>
      ) : null}
      <section aria-labelledby="found" className="card mt-4 overflow-x-auto">
        <h2 id="found" className="mb-2 text-lg font-semibold">
          What the data map finds for {request.email}
        </h2>
        <DataTable caption="Data found" columns={["Data", "Purpose", "Rows"]} rows={found} rowKey={(f) => f.table} empty="Nothing but this request.">
          {(f) => (
            <>
              <th scope="row" className="font-mono text-xs">
                {f.table}
              </th>
              <td>{f.purpose}</td>
              <td className="tabular-nums">{f.rows}</td>
            </>
          )}
        </DataTable>
      </section>
      {request.right === "rectification" ? (
        <section aria-labelledby="records" className="card mt-4">
          <h2 id="records" className="mb-2 text-lg font-semibold">
            Records to correct
          </h2>
          {editable.length > 0 ? (
            <>
              <p className="mb-2 text-slate-700">Correct them on their own screens (each change is audited there), then complete the request saying what was corrected.</p>
              <ul className="list-disc space-y-1 pl-5">
                {editable.map((r) => (
                  <li key={`${r.table}:${r.id}`}>
                    <Link to={`/app/${organisationSlug}/${EDIT_SCREENS[r.table].path}/${r.id}`} className="link">
                      {EDIT_SCREENS[r.table].label}: {r.label}
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="text-slate-700">The data map found no customer, supplier or lead with this address.</p>
          )}
        </section>
      ) : null}
      {request.right === "erasure" && plan.length > 0 ? (
        <section aria-labelledby="plan" className="card mt-4 overflow-x-auto">
          <h2 id="plan" className="mb-2 text-lg font-semibold">
            Erasure plan
          </h2>
          <DataTable caption="Erasure plan" columns={["Row", "Action", "Why"]} rows={plan} rowKey={(p) => p.label}>
            {(p) => (
              <>
                <th scope="row" className="font-mono text-xs">
                  {p.label}
                </th>
                <td>{p.action === "keep" ? `keep, restricted${p.keptUntil ? ` until ${p.keptUntil}` : ""}` : p.action === "anonymise" ? `anonymise ${p.anonymise.join(", ")}` : "delete"}</td>
                <td>{p.keptFor ?? ""}</td>
              </>
            )}
          </DataTable>
        </section>
      ) : null}
      {OPEN.includes(request.state) ? (
        <section aria-labelledby="actions" className="card mt-4 space-y-4">
          <h2 id="actions" className="text-lg font-semibold">
            Decide
          </h2>
          <div className="flex flex-wrap gap-3">
            {request.state === "verified" ? (
              <Form method="post">
                <button type="submit" name="intent" value="review" className="btn-secondary">
                  Start review
                </button>
              </Form>
            ) : null}
            {canDecide ? (
              <Form method="post">
                <button type="submit" name="intent" value="approve" className="btn-primary">
                  Approve
                </button>
              </Form>
            ) : null}
            {canComplete ? (
              <Form method="post" className="flex items-end gap-2">
                {needsNote ? <TextAreaField label={request.right === "rectification" ? "What was corrected" : "What was done"} name="note" rows={2} /> : null}
                <button type="submit" name="intent" value="complete" className="btn-primary">
                  {request.right === "erasure" ? "Complete: carry out the erasure" : "Complete"}
                </button>
              </Form>
            ) : null}
            <Form method="post">
              <button type="submit" name="intent" value="cancel" className="btn-secondary">
                Cancel the request
              </button>
            </Form>
          </div>
          {canDecide ? (
            <Form method="post" className="space-y-2">
              <TextAreaField label="Reason for denying" id="deny-reason" name="reason" rows={2} hint="The requester is told, with the right to complain to a supervisory authority." />
              <button type="submit" name="intent" value="deny" className="btn-secondary">
                Deny
              </button>
            </Form>
          ) : null}
          {!request.extendedAt ? (
            <Form method="post" className="space-y-2">
              <SelectField
                label="Extend by"
                name="months"
                options={[
                  { value: "1", label: "One month" },
                  { value: "2", label: "Two months" },
                ]}
              />
              <TextAreaField label="Reason for the extension" id="extend-reason" name="reason" rows={2} />
              <button type="submit" name="intent" value="extend" className="btn-secondary">
                Extend
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
