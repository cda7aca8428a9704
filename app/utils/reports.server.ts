import { json, type LoaderFunctionArgs } from "@remix-run/node";
import type { Tx } from "~/db.server";
import { type FilterValues, type ReportField, type ReportFilter, readReportFilter } from "~/modules/ledger/reports/filters";
import { withTenant } from "~/modules/tenancy/context.server";
import { type Member, requireMember } from "~/modules/tenancy/guards.server";
import { datesToIso } from "~/utils/date-entry";
import { todayIn } from "~/utils/dates";
import type { ExportTable, InTransaction } from "~/utils/export";
import { csvDownload } from "~/utils/export.server";
import { rethrowAsResponse } from "./errors.server";
import { serialise } from "~/utils/serialise";

/*
 * The HTTP side of the ledger reports, shared by the report pages and their downloads (`...[.csv].tsx`):
 * access, the one filter schema read from the query string, and the answers to a refusal.
 */

/** The date filters of the reports, typed in the organisation's locale. */
const REPORT_DATE_FIELDS = { from: "start date", to: "end date", asOf: "date" };

/**
 * The member asking for a report and the report's filter, read from the query string (`fields` only), its dates
 * read in the organisation's locale first (a date that cannot be read is refused in that locale's pattern).
 */
export async function reportRequest(request: Request, orgSlug: string | undefined, fields: readonly ReportField[]) {
  const member = await requireMember(request, orgSlug, "ledger:read");
  const dates = datesToIso(new URL(request.url).searchParams, member.organisation.locale, REPORT_DATE_FIELDS);
  const read = readReportFilter(dates.data, todayIn(member.organisation.timeZone), fields);
  return { member, read: read.ok || !Object.keys(dates.errors).length ? read : { ...read, errors: { ...read.errors, ...dates.errors } } };
}

/** The 400 answer of a report page whose filter is malformed: the values and an error per field. */
export function filterRefusal(read: { errors: Record<string, string>; values: FilterValues; notices: string[] }) {
  return json({ ok: false as const, errors: read.errors, values: read.values, notices: read.notices }, { status: 400 });
}

/**
 * The loader of a report page with one report for its filter (aging, balance sheet, profit and loss, trial
 * balance): a malformed filter is a 400 with the values and an error per field; otherwise the report, and what
 * `extra` derives from it for the page.
 */
export async function loadReport<R extends object, E extends object = Record<never, never>>(
  request: Request,
  orgSlug: string | undefined,
  fields: readonly ReportField[],
  report: (tx: Tx, filter: ReportFilter) => Promise<R>,
  extra?: (report: R) => E,
) {
  const { member, read } = await reportRequest(request, orgSlug, fields);
  if (!read.ok) return filterRefusal(read);
  const shown = await withTenant(member.actor, (tx) => report(tx, read.filter)).catch(rethrowAsResponse);
  return json({
    ok: true as const,
    errors: {} as Record<string, string>,
    values: read.values,
    notices: read.notices,
    report: serialise(shown),
    ...(extra?.(shown) ?? ({} as E)),
  });
}

/**
 * The loader of a ledger page (general ledger, party ledger: one shape for both): the choices of its subject
 * (accounts, parties), the page of the chosen one's lines, and the sign its balances are shown in. A malformed
 * filter is a 400 with the choices still there; another organisation's subject a 404.
 */
export async function loadLedgerReport<R extends object, O>(
  request: Request,
  orgSlug: string | undefined,
  fields: readonly ReportField[],
  spec: {
    report: (tx: Tx, filter: ReportFilter) => Promise<R | null>;
    /** The subjects to choose from; given the report shown, so that an inactive subject stays choosable. */
    options: (tx: Tx, report: R | null) => Promise<O[]>;
    sign: (report: R) => bigint;
  },
) {
  const { member, read } = await reportRequest(request, orgSlug, fields);
  const { options, report } = await withTenant(member.actor, async (tx) => {
    const report = read.ok ? await spec.report(tx, read.filter) : null;
    return { options: await spec.options(tx, report), report };
  }).catch(rethrowAsResponse);
  return json(
    {
      ok: read.ok,
      errors: read.ok ? ({} as Record<string, string>) : read.errors,
      values: read.values,
      notices: read.notices,
      options,
      report: report ? serialise(report) : null,
      sign: report ? String(spec.sign(report)) : "1",
    },
    { status: read.ok ? 200 : 400 },
  );
}

/** A download refused before it starts (a malformed filter, nothing chosen): 400 with what to change, as text. */
export function downloadRefusal(message: string): Response {
  return new Response(`${message}\n`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** `name_date_date.csv`, as every report download is named. */
export function reportFilename(name: string, ...dates: string[]): string {
  return `${[name, ...dates].join("_")}.csv`;
}

export interface ReportDownload<T> {
  filename: string;
  table: ExportTable<T>;
}

/**
 * The loader of a report's download: the page's filter (a malformed one is a 400 naming what is wrong), then
 * `prepare`, which looks up what the report needs in transactions of its own (`inTenant`) and refuses what it
 * must before the first byte; the rows are then streamed as they are read.
 */
export async function reportDownload<T>(
  { request, params }: LoaderFunctionArgs,
  fields: readonly ReportField[],
  prepare: (filter: ReportFilter, inTenant: InTransaction, member: Member) => Promise<ReportDownload<T>>,
): Promise<Response> {
  const { member, read } = await reportRequest(request, params.org, fields);
  if (!read.ok) return downloadRefusal(Object.values(read.errors).join("\n"));
  const inTenant: InTransaction = (work) => withTenant(member.actor, work);
  const { filename, table } = await prepare(read.filter, inTenant, member).catch(rethrowAsResponse);
  return csvDownload(filename, table);
}
