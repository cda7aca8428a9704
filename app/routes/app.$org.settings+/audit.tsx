import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { PageHeader } from "~/components/app-shell";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DateField, IgnoredParametersNotice, SelectField, TextField } from "~/components/forms";
import { listAuditEntityTypes, listAuditEvents, verifyAuditChain } from "~/modules/audit/audit.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { formatDateTime } from "~/utils/format";
import { readQuery } from "~/utils/forms";
import { queryChoice, queryDate, queryText } from "~/utils/query-fields";
import { useOrganisation } from "~/utils/route-data";

const AUDIT_DATE_FIELDS = { from: "start date", to: "end date" };

const filterSchema = z.object({
  action: queryText(100),
  entityType: queryText(100),
  actor: queryText(254),
  from: queryDate,
  to: queryDate,
  before: z
    .string()
    .regex(/^[1-9]\d{0,14}$/, "Use the Older events link to page back.")
    .transform(Number)
    .optional(),
  verify: queryChoice(["1"]),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "audit:read");
  const { query: filter, ignored, dateErrors } = readQuery(request, filterSchema, { dates: { locale: member.organisation.locale, fields: AUDIT_DATE_FIELDS } });
  const to = filter.to ? new Date(`${filter.to}T00:00:00Z`) : undefined;
  if (to) to.setUTCDate(to.getUTCDate() + 1);
  const verify = filter.verify === "1";
  return withTenant(member.actor, async (tx) => {
    const [{ events, hasMore }, entityTypes, verification] = await Promise.all([
      listAuditEvents(tx, {
        action: filter.action || undefined,
        entityType: filter.entityType || undefined,
        actor: filter.actor || undefined,
        from: filter.from ? new Date(`${filter.from}T00:00:00Z`) : undefined,
        to,
        beforeId: filter.before,
      }),
      listAuditEntityTypes(tx),
      verify ? verifyAuditChain(tx) : Promise.resolve(null),
    ]);
    return json({
      events: events.map((e) => ({
        id: e.id,
        occurredAt: e.occurredAt.toISOString(),
        actor: e.actorLabel,
        action: e.action,
        entityType: e.entityType,
        entityId: e.entityId,
        ip: e.ip,
        before: e.before,
        after: e.after,
      })),
      hasMore,
      entityTypes,
      verification,
      dateErrors,
      ignored,
    });
  });
}

export default function AuditTrail() {
  const { events, hasMore, entityTypes, verification, dateErrors, ignored } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const shell = useOrganisation();
  const olderParams = new URLSearchParams(searchParams);
  if (events.length) olderParams.set("before", String(events[events.length - 1].id));
  const verifyParams = new URLSearchParams(searchParams);
  verifyParams.set("verify", "1");
  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Every change in this organisation, in order. Events cannot be edited or deleted, and each is chained to the one before it."
        actions={
          <Link to={`?${verifyParams}`} className="btn-secondary">
            Verify the chain
          </Link>
        }
      />
      {verification ? (
        <p role="status" className={`mb-4 rounded-md border p-3 text-sm ${verification.ok ? "border-green-200 bg-green-50" : "border-red-200 bg-red-50"}`}>
          {verification.ok
            ? `The chain is intact: ${verification.checked} events checked.`
            : `The chain is broken at event ${verification.brokenAtId}: ${verification.reason}.`}
        </p>
      ) : null}
      <IgnoredParametersNotice ignored={ignored} />
      <Form method="get" className="card mb-6 grid gap-4 sm:grid-cols-3 lg:grid-cols-6">
        <TextField label="Action contains" name="action" defaultValue={searchParams.get("action") ?? ""} />
        <SelectField
          label="Record type"
          name="entityType"
          defaultValue={searchParams.get("entityType") ?? ""}
          options={[{ value: "", label: "Any" }, ...entityTypes.map((t) => ({ value: t, label: t }))]}
        />
        <TextField label="Actor" name="actor" defaultValue={searchParams.get("actor") ?? ""} />
        <DateField label="From" name="from" locale={shell.organisation.locale} defaultValue={searchParams.get("from")} error={dateErrors.from} />
        <DateField label="To" name="to" locale={shell.organisation.locale} defaultValue={searchParams.get("to")} error={dateErrors.to} />
        <div className="flex items-end">
          <button type="submit" className="btn-primary w-full">
            Filter
          </button>
        </div>
      </Form>
      <div className="card overflow-x-auto">
        <DataTable
          columns={["#", "When", "Who", "Action", "Record", "Details"]}
          caption="Audit events, newest first"
          className="table-basic table-stack"
          rows={events}
          rowKey={(event) => event.id}
          empty="No events match these filters."
        >
          {(event) => (
            <>
              <td className="tabular-nums" data-label="#">
                {event.id}
              </td>
              <td className="whitespace-nowrap" data-label="When">
                {formatDateTime(event.occurredAt, shell.organisation)}
              </td>
              <td data-label="Who" className="[overflow-wrap:anywhere]">
                {event.actor}
                {event.ip ? <div className="text-xs text-slate-500">{event.ip}</div> : null}
              </td>
              <td className="font-medium" data-label="Action">
                {event.action}
              </td>
              <td data-label="Record">
                {event.entityType}
                {event.entityId ? <div className="max-w-[12rem] truncate text-xs text-slate-500">{event.entityId}</div> : null}
              </td>
              <td>
                <details>
                  <summary className="cursor-pointer text-brand-700">Before and after</summary>
                  <pre className="mt-2 max-w-md overflow-x-auto whitespace-pre-wrap text-xs [overflow-wrap:anywhere]">{JSON.stringify({ before: event.before, after: event.after }, null, 2)}</pre>
                </details>
              </td>
            </>
          )}
        </DataTable>
        {hasMore ? (
          <p className="mt-4">
            <Link to={`?${olderParams}`} className="link">
              Older events
            </Link>
          </p>
        ) : null}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
