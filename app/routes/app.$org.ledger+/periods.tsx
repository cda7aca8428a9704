import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { FormError } from "~/components/forms";
import { LedgerNav } from "~/components/ledger/ledger-nav";
import { listPeriodRows } from "~/modules/ledger/drafts.server";
import { periodActionSchema } from "~/modules/ledger/forms";
import { lockPeriod, reopenPeriod } from "~/modules/ledger/periods.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { todayIn } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { formValues, parseForm, type FormFailure } from "~/utils/forms";
import { actionFailure } from "~/utils/errors.server";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { forbidden } from "~/utils/responses.server";
import { formatDate, formatDateTime, formatMonth } from "~/utils/format";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Periods · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:read");
  const rows = await withTenant(member.actor, (tx) => listPeriodRows(tx, todayIn(member.organisation.timeZone)));
  return json({ periods: rows.map((p) => ({ ...p, lockedAt: p.lockedAt?.toISOString() ?? null })) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Locking is an accountant's close; reopening a locked month is the owner's decision alone.
  const member = await requireMember(request, params.org, "ledger:close");
  const formData = await readFormData(request);
  const parsed = parseForm(periodActionSchema, formData);
  if (!parsed.ok) return badRequest(parsed);
  const { intent, period } = parsed.data;
  if (intent === "reopen" && !can(member.role, "ledger:reopen")) throw forbidden("Only an owner can reopen a locked period.");
  const month = formatMonth(period, member.organisation.locale);
  try {
    if (intent === "lock") {
      await withTenant(member.actor, (tx) => lockPeriod(tx, period, member.user.id));
      return redirectWithFlash(`/app/${member.organisation.slug}/ledger/periods`, { kind: "success", message: `${month} is locked: nothing can be posted into it.` });
    }
    await withTenant(member.actor, (tx) => reopenPeriod(tx, period));
    return redirectWithFlash(`/app/${member.organisation.slug}/ledger/periods`, { kind: "success", message: `${month} is open again.` });
  } catch (error) {
    // The form has no field to show a message beside: every refusal goes above it.
    return actionFailure(error, formValues(formData), { fields: [] });
  }
}

export default function Periods() {
  const { periods } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const { organisation, role } = useOrganisation();
  const canLock = can(role, "ledger:close");
  const canReopen = can(role, "ledger:reopen");
  return (
    <>
      <PageHeader
        title="Periods"
        description="Each month is a period. Lock a month once its books are closed: nothing can be posted into a locked month. Only an owner can reopen one."
      />
      <LedgerNav />
      <FormError message={actionData?.formError ?? actionData?.errors.period} />
      <div className="card overflow-x-auto">
        <table className="table-basic table-stack">
          <caption className="sr-only">Months, newest first, with their status</caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {periods.map((period) => {
              const name = formatMonth(period.startDate, organisation.locale);
              return (
                <tr key={period.startDate}>
                  <th scope="row" className="align-top !font-medium !text-slate-900">
                    {name}
                  </th>
                  <td className="tabular-nums" data-label="From">
                    {formatDate(period.startDate, organisation.locale)}
                  </td>
                  <td className="tabular-nums" data-label="To">
                    {formatDate(period.endDate, organisation.locale)}
                  </td>
                  <td data-label="Status">
                    {period.status === "locked" ? (
                      <>
                        <span className="font-medium text-amber-800">Locked</span>
                        {period.lockedAt ? <span className="ml-1 text-xs text-slate-500">since {formatDateTime(period.lockedAt, organisation)}</span> : null}
                      </>
                    ) : (
                      "Open"
                    )}
                  </td>
                  <td>
                    {period.status === "open" && canLock ? (
                      <Form method="post">
                        <input type="hidden" name="period" value={period.startDate} />
                        <button type="submit" name="intent" value="lock" className="btn-secondary" disabled={navigation.state === "submitting"} aria-label={`Lock ${name}`}>
                          Lock
                        </button>
                      </Form>
                    ) : null}
                    {period.status === "locked" && canReopen ? (
                      <Form method="post">
                        <input type="hidden" name="period" value={period.startDate} />
                        <button type="submit" name="intent" value="reopen" className="btn-secondary" disabled={navigation.state === "submitting"} aria-label={`Reopen ${name}`}>
                          Reopen
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
