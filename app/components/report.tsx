import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { PageHeader } from "~/components/app-shell";
import { DateField } from "~/components/forms";
import type { LedgerLine } from "~/modules/ledger/reports/ledger-lines.server";
import type { StatementSection } from "~/modules/ledger/reports/statements.server";
import { formatDate } from "~/utils/format";
import { useOrganisation } from "~/utils/route-data";
import type { Serialised } from "~/utils/serialise";

/*
 * Pieces shared by the ledger report pages (app.$org.ledger.reports.*): the header with its Download CSV link,
 * the filter form and its notices, amount cells, statement sections, and the lines of a ledger with its paging.
 */

/**
 * The link back to the reports index, the page header and, when `download` is given (the report's resource
 * route with the page's filter), the Download CSV link.
 */
export function ReportHeader({ base, title, description, download }: { base: string; title: string; description: ReactNode; download?: string | null }) {
  return (
    <>
      <p className="mb-2 text-sm">
        <Link to={base} className="link">
          Reports
        </Link>
      </p>
      <PageHeader
        title={title}
        description={description}
        actions={
          download ? (
            <a href={download} download className="btn-secondary">
              Download CSV
            </a>
          ) : null
        }
      />
    </>
  );
}

/** What the filter ignored in the address (a kind or page link that did not parse), said once above the report. */
export function ReportNotices({ notices }: { notices: string[] }) {
  if (notices.length === 0) return null;
  return (
    <div role="status" className="mb-4 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
      {notices.map((notice) => (
        <p key={notice}>{notice}</p>
      ))}
    </div>
  );
}

/** A report's GET filter form: its fields, then the Show button. `columns` is the grid template at sm and up. */
export function ReportFilters({ label, columns, children }: { label: string; columns: string; children: ReactNode }) {
  return (
    <Form method="get" aria-label={label} className={`card mb-6 grid gap-4 ${columns}`}>
      {children}
      <div className="flex items-start sm:pt-6">
        <button type="submit" className="btn-primary">
          Show
        </button>
      </div>
    </Form>
  );
}

type FilterState = { values: Record<string, string>; errors: Record<string, string> };

/** The report's dates, shown and typed in the organisation's locale (the loader reads them back: reportRequest). */
export function DateRangeFields({ values, errors }: FilterState) {
  const { locale } = useOrganisation().organisation;
  return (
    <>
      <DateField label="From" name="from" locale={locale} defaultValue={values.from} error={errors.from} required />
      <DateField label="To" name="to" locale={locale} defaultValue={values.to} error={errors.to} required />
    </>
  );
}

export function AsOfField({ values, errors }: FilterState) {
  const { locale } = useOrganisation().organisation;
  return <DateField label="As of" name="asOf" locale={locale} defaultValue={values.asOf} error={errors.asOf} required />;
}

/** A report's date in the organisation's locale. */
export function ReportDate({ value }: { value: string }) {
  return <>{formatDate(value, useOrganisation().organisation.locale)}</>;
}

/** A right-aligned column header over amounts. */
export function AmountHeader({ children }: { children: ReactNode }) {
  return (
    <th scope="col" className="!text-right">
      {children}
    </th>
  );
}

/** A right-aligned amount cell. */
export function AmountCell({ children, className }: { children: ReactNode; className?: string }) {
  return <td className={className ? `text-right tabular-nums ${className}` : "text-right tabular-nums"}>{children}</td>;
}

/** One section of a statement (profit and loss, balance sheet): its heading, lines indented by depth, and its total. */
export function SectionRows({
  section,
  amount,
  emptyText,
  headingId,
}: {
  section: Serialised<StatementSection>;
  amount: (minor: string) => string;
  emptyText: string;
  headingId?: string;
}) {
  return (
    <tbody className="divide-y divide-slate-100">
      <tr>
        <th scope="colgroup" colSpan={2} id={headingId} className="!pt-4 text-base !text-slate-900">
          {section.title}
        </th>
      </tr>
      {section.lines.length === 0 ? (
        <tr>
          <td colSpan={2} className="text-slate-500">
            {emptyText}
          </td>
        </tr>
      ) : null}
      {section.lines.map((line, index) => (
        <tr key={`${line.accountId ?? line.name}-${line.kind}-${index}`} className={line.kind === "total" ? "font-semibold" : line.kind === "computed" ? "italic" : undefined}>
          <th
            scope="row"
            className={line.kind === "account" || line.kind === "computed" ? "!font-normal" : undefined}
            style={{ paddingLeft: `${0.75 + line.depth * 1.25}rem` }}
          >
            {line.kind === "account" && line.code ? <span className="mr-2 tabular-nums text-slate-500">{line.code}</span> : null}
            {line.name}
          </th>
          <AmountCell>{line.amountMinor === null ? "" : amount(line.amountMinor)}</AmountCell>
        </tr>
      ))}
      <tr className="font-semibold">
        <th scope="row">Total {section.title.toLowerCase()}</th>
        <AmountCell>{amount(section.totalMinor)}</AmountCell>
      </tr>
    </tbody>
  );
}

interface LedgerPageView {
  from: string;
  to: string;
  firstPage: boolean;
  nextCursor: string | null;
  pageOpeningMinor: string;
  debitMinor: string;
  creditMinor: string;
  closingMinor: string;
}

/** The first row of a ledger page: the opening balance, or the balance brought forward on later pages. */
function LedgerOpeningRow({ report, balance }: { report: LedgerPageView; balance: (minor: string) => string }) {
  return (
    <tr>
      <td className="whitespace-nowrap">
        <ReportDate value={report.from} />
      </td>
      <th scope="row" colSpan={5}>
        {report.firstPage ? "Opening balance" : "Balance brought forward"}
      </th>
      <AmountCell>{balance(report.pageOpeningMinor)}</AmountCell>
    </tr>
  );
}

/** A ledger's "no lines" row and, on its last page, the closing balance and totals. */
function LedgerEmptyRow({ shown }: { shown: boolean }) {
  return shown ? (
    <tr>
      <td colSpan={7} className="text-slate-500">
        No lines in this period.
      </td>
    </tr>
  ) : null;
}

function LedgerClosingFoot({ report, amount, balance }: { report: LedgerPageView; amount: (minor: string) => string; balance: (minor: string) => string }) {
  return report.nextCursor ? null : (
    <tfoot className="border-t-2 border-slate-300 font-semibold">
      <tr>
        <td className="whitespace-nowrap">
          <ReportDate value={report.to} />
        </td>
        <th scope="row" colSpan={3}>
          Closing balance and totals of the period
        </th>
        <AmountCell>{amount(report.debitMinor)}</AmountCell>
        <AmountCell>{amount(report.creditMinor)}</AmountCell>
        <AmountCell>{balance(report.closingMinor)}</AmountCell>
      </tr>
    </tfoot>
  );
}

/** First page / Next page links of a ledger; `query` is the filter without a cursor. */
function LedgerPager({ report, query }: { report: LedgerPageView; query: URLSearchParams }) {
  if (!report.nextCursor && report.firstPage) return null;
  const next = new URLSearchParams(query);
  if (report.nextCursor) next.set("cursor", report.nextCursor);
  return (
    <nav aria-label="Pages" className="mt-4 flex gap-4">
      {!report.firstPage ? (
        <Link to={`?${query}`} className="link">
          First page
        </Link>
      ) : null}
      {report.nextCursor ? (
        <Link to={`?${next}`} className="link">
          Next page
        </Link>
      ) : null}
    </nav>
  );
}

type LedgerLineView = Serialised<LedgerLine>;

/**
 * The lines of a ledger page between its opening and closing rows, then its paging: the general ledger names
 * each line's party, a party's statement each line's account.
 */
export function LedgerLinesTable({
  report,
  caption,
  column,
  amount,
  balance,
  slug,
  query,
}: {
  report: LedgerPageView & { lines: LedgerLineView[] };
  caption: ReactNode;
  column: "party" | "account";
  amount: (minor: string) => string;
  balance: (minor: string) => string;
  slug: string;
  query: URLSearchParams;
}) {
  const memo = (line: LedgerLineView) => (
    <td>
      {line.memo}
      {line.description ? <div className="text-xs text-slate-500">{line.description}</div> : null}
    </td>
  );
  return (
    <>
      <table className="table-basic">
        <caption className="mb-2 text-left text-sm text-slate-600">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Entry</th>
            {column === "account" ? <th scope="col">Account</th> : null}
            <th scope="col">Memo</th>
            {column === "party" ? <th scope="col">Party</th> : null}
            <AmountHeader>Debit</AmountHeader>
            <AmountHeader>Credit</AmountHeader>
            <AmountHeader>Balance</AmountHeader>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          <LedgerOpeningRow report={report} balance={balance} />
          {report.lines.map((line) => (
            <tr key={`${line.entryId}-${line.lineNo}`}>
              <td className="whitespace-nowrap">
                <ReportDate value={line.entryDate} />
              </td>
              <td className="whitespace-nowrap">
                <Link to={`/app/${slug}/ledger/entries/${line.entryId}`} className="link">
                  {line.entryNumber}
                </Link>
              </td>
              {column === "account" ? (
                <>
                  <td>
                    {line.accountCode} {line.accountName}
                  </td>
                  {memo(line)}
                </>
              ) : (
                <>
                  {memo(line)}
                  <td>{line.partyName ?? ""}</td>
                </>
              )}
              <AmountCell>{line.debitMinor !== "0" ? amount(line.debitMinor) : ""}</AmountCell>
              <AmountCell>{line.creditMinor !== "0" ? amount(line.creditMinor) : ""}</AmountCell>
              <AmountCell>{balance(line.balanceMinor)}</AmountCell>
            </tr>
          ))}
          <LedgerEmptyRow shown={report.lines.length === 0} />
        </tbody>
        <LedgerClosingFoot report={report} amount={amount} balance={balance} />
      </table>
      <LedgerPager report={report} query={query} />
    </>
  );
}
