import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { DateField, IgnoredParametersNotice, TextField } from "~/components/forms";
import { Amount, LedgerNav } from "~/components/ledger/ledger-nav";
import { listDrafts, listJournalEntries } from "~/modules/ledger/drafts.server";
import { ENTRY_FILTER_DATE_FIELDS, entryCursor, entryFilterSchema, SOURCE_LABELS } from "~/modules/ledger/forms";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { formatDate, formatDateTime } from "~/utils/format";
import { readQuery } from "~/utils/forms";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Journal entries · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:read");
  const { query: filter, ignored, dateErrors } = readQuery(request, entryFilterSchema, { dates: { locale: member.organisation.locale, fields: ENTRY_FILTER_DATE_FIELDS } });
  return withTenant(member.actor, async (tx) => {
    const [{ entries, hasMore }, drafts] = await Promise.all([listJournalEntries(tx, filter), listDrafts(tx)]);
    return json({
      entries: entries.map((e) => ({ ...e, totalMinor: e.totalMinor.toString() })),
      nextCursor: hasMore && entries.length ? entryCursor(entries[entries.length - 1]) : null,
      drafts: drafts.map((d) => ({ ...d, debitMinor: d.debitMinor.toString(), creditMinor: d.creditMinor.toString(), updatedAt: d.updatedAt.toISOString() })),
      dateErrors,
      ignored,
    });
  });
}

export default function JournalEntries() {
  const { entries, nextCursor, drafts, dateErrors, ignored } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const { organisation, role } = useOrganisation();
  const base = `/app/${organisation.slug}/ledger`;
  const olderParams = new URLSearchParams(searchParams);
  if (nextCursor) olderParams.set("before", nextCursor);
  const filtered = ["from", "to", "number", "before"].some((key) => searchParams.get(key));
  return (
    <>
      <PageHeader
        title="Journal entries"
        description="Posted entries are final: correct one by reversing it."
        actions={
          can(role, "ledger:post") ? (
            <Link to={`${base}/entries/new`} className="btn-primary">
              New journal entry
            </Link>
          ) : null
        }
      />
      <LedgerNav />

      {drafts.length > 0 ? (
        <section aria-labelledby="drafts-heading" className="card mb-6 overflow-x-auto">
          <h2 id="drafts-heading" className="mb-3 text-lg font-semibold">
            Open drafts
          </h2>
          <table className="table-basic">
            <caption className="sr-only">Drafts not yet posted, most recently changed first</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Memo</th>
                <th scope="col" className="text-right">
                  Lines
                </th>
                <th scope="col" className="text-right">
                  Debits
                </th>
                <th scope="col" className="text-right">
                  Credits
                </th>
                <th scope="col">Last saved</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {drafts.map((draft) => (
                <tr key={draft.id}>
                  <td className="whitespace-nowrap">
                    <Link to={`${base}/drafts/${draft.id}`} className="link">
                      {formatDate(draft.entryDate, organisation.locale)}
                      <span className="sr-only"> draft{draft.memo ? `: ${draft.memo}` : ""}</span>
                    </Link>
                  </td>
                  <td>{draft.memo || <span className="text-slate-500">No memo</span>}</td>
                  <td className="text-right tabular-nums">{draft.lineCount}</td>
                  <td className="text-right tabular-nums">
                    <Amount minor={draft.debitMinor} />
                  </td>
                  <td className="text-right tabular-nums">
                    <Amount minor={draft.creditMinor} />
                  </td>
                  <td className="whitespace-nowrap">{formatDateTime(draft.updatedAt, organisation)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      <IgnoredParametersNotice ignored={ignored} />
      <Form method="get" className="card mb-6 grid gap-4 sm:grid-cols-4" aria-label="Filter journal entries">
        <DateField label="From" name="from" locale={organisation.locale} defaultValue={searchParams.get("from")} error={dateErrors.from} />
        <DateField label="To" name="to" locale={organisation.locale} defaultValue={searchParams.get("to")} error={dateErrors.to} />
        <TextField label="Number contains" name="number" defaultValue={searchParams.get("number") ?? ""} />
        <div className="flex items-end gap-2">
          <button type="submit" className="btn-primary">
            Filter
          </button>
          {filtered ? (
            <Link to={`${base}/entries`} className="btn-secondary">
              Clear
            </Link>
          ) : null}
        </div>
      </Form>

      <section aria-labelledby="posted-heading" className="card overflow-x-auto">
        <h2 id="posted-heading" className="mb-3 text-lg font-semibold">
          Posted entries
        </h2>
        <table className="table-basic">
          <caption className="sr-only">Posted journal entries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Date</th>
              <th scope="col">Memo</th>
              <th scope="col">Source</th>
              <th scope="col" className="text-right">
                Total
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {entries.length === 0 ? (
              <tr>
                <td colSpan={5} className="text-slate-500">
                  {filtered ? "No entries match these filters." : "Nothing has been posted yet."}
                </td>
              </tr>
            ) : (
              entries.map((entry) => (
                <tr key={entry.id}>
                  <td className="whitespace-nowrap">
                    <Link to={`${base}/entries/${entry.id}`} className="link tabular-nums">
                      {entry.number}
                    </Link>
                  </td>
                  <td className="whitespace-nowrap tabular-nums">{formatDate(entry.entryDate, organisation.locale)}</td>
                  <td>{entry.memo}</td>
                  <td>{SOURCE_LABELS[entry.sourceType] ?? entry.sourceType}</td>
                  <td className="text-right tabular-nums">
                    <Amount minor={entry.totalMinor} currency={entry.currency} />
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
        {nextCursor ? (
          <p className="mt-4">
            <Link to={`?${olderParams}`} className="link">
              Older entries
            </Link>
          </p>
        ) : null}
      </section>
    </>
  );
}
