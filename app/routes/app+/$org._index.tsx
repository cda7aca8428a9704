import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { MonthlyBars } from "~/components/charts/monthly-bars";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ReorderList } from "~/components/inventory/reorder-list";
import { listAuditEvents } from "~/modules/audit/audit.server";
import { hasItems } from "~/modules/inventory/items.server";
import { reorderList } from "~/modules/inventory/stock-reports.server";
import { agingReport } from "~/modules/ledger/reports/aging.server";
import { salesSummary } from "~/modules/ledger/reports/sales-summary.server";
import { hasParties } from "~/modules/parties/parties.server";
import { salesFigures } from "~/modules/sales/figures.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can, ROLE_LABELS } from "~/modules/tenancy/permissions";
import { todayIn } from "~/utils/dates";
import { formatDateTime, formatMoney } from "~/utils/format";
import { reorderRows } from "~/utils/inventory-pages.server";
import { useOrganisation } from "~/utils/route-data";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "org:read");
  const today = todayIn(member.organisation.timeZone);
  return withTenant(member.actor, async (tx) => {
    // From the books for those who read them; from the sales documents for a salesman, whose scope they obey.
    const books = can(member.role, "ledger:read");
    const own = !books && can(member.role, "sales:read") ? await salesFigures(tx, { today }) : null;
    const sales = books
      ? await salesSummary(tx, { today })
      : own && { ...own, topCustomers: own.topCustomers.map((c) => ({ partyId: c.customerId, name: c.name, chargedMinor: c.netMinor })) };
    const aging = books ? (await agingReport(tx, { asOf: today, kind: "customer" })).totals : null;
    const receivables = aging
      ? { notDueMinor: aging.currentMinor, overdueMinor: aging.totalMinor - aging.currentMinor, over90Minor: aging.over90Minor as bigint | null }
      : own && { notDueMinor: own.notDueMinor, overdueMinor: own.overdueMinor, over90Minor: null };
    const recent = can(member.role, "audit:read") ? (await listAuditEvents(tx, { limit: 5 })).events : null;
    // Items at or below their reorder level: the first few, the rest on the reorder report.
    const reorder = can(member.role, "inventory:read") ? await reorderList(tx, { limit: 5 }) : null;
    const firstSteps = {
      items: await hasItems(tx),
      customers: await hasParties(tx, "customer"),
      sales: sales ? sales.months.some((m) => m.amountMinor !== 0n) : true,
    };
    return json({
      today,
      firstSteps,
      sales: sales && {
        months: sales.months.map((m) => ({ month: m.month, amountMinor: m.amountMinor.toString() })),
        thisMonthMinor: sales.thisMonthMinor.toString(),
        lastMonthMinor: sales.lastMonthMinor.toString(),
        sameMonthLastYearMinor: sales.sameMonthLastYearMinor.toString(),
        topCustomers: sales.topCustomers.map((c) => ({ id: c.partyId, name: c.name, chargedMinor: c.chargedMinor.toString() })),
      },
      fromBooks: books,
      receivables: receivables && {
        notDueMinor: receivables.notDueMinor.toString(),
        overdueMinor: receivables.overdueMinor.toString(),
        over90Minor: receivables.over90Minor?.toString() ?? null,
      },
      reorder: reorder ? { rows: reorderRows(reorder.rows), more: reorder.next !== null } : null,
      recent: recent?.map((e) => ({ id: e.id, action: e.action, actor: e.actorLabel, occurredAt: e.occurredAt.toISOString() })) ?? null,
    });
  });
}

function Figure({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div className="card">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums">{value}</dd>
      {detail ? <dd className="mt-1 text-sm text-slate-600">{detail}</dd> : null}
    </div>
  );
}

function FirstSteps({ steps }: { steps: { items: boolean; customers: boolean; sales: boolean } }) {
  const list = [
    { done: steps.items, to: "inventory/items/new", label: "Add the goods you sell", hint: "or import them from a spreadsheet on the items page" },
    { done: steps.customers, to: "sales/customers/new", label: "Add your customers", hint: "and assign them to your salesmen" },
    { done: steps.sales, to: "sales/documents/invoices/new", label: "Write your first invoice", hint: "it shows on this dashboard once posted" },
  ];
  return (
    <section aria-labelledby="first-steps" className="card mb-6">
      <h2 id="first-steps" className="text-lg font-semibold">
        Getting started
      </h2>
      <ol className="mt-3 space-y-2">
        {list.map((step) => (
          <li key={step.to} className="flex items-baseline gap-2">
            <span aria-hidden="true">{step.done ? "✓" : "○"}</span>
            <span>
              {step.done ? (
                <span className="text-slate-500 line-through">{step.label}</span>
              ) : (
                <Link to={step.to} className="link font-medium">
                  {step.label}
                </Link>
              )}
              <span className="sr-only">{step.done ? " (done)" : " (to do)"}</span>
              {step.done ? null : <span className="text-sm text-slate-600"> — {step.hint}</span>}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

export default function Dashboard() {
  const { firstSteps, sales, receivables, recent, reorder, today, fromBooks } = useLoaderData<typeof loader>();
  const shell = useOrganisation();
  const { currency, locale } = shell.organisation;
  const money = (minor: string) => formatMoney(BigInt(minor), currency, locale);
  const started = firstSteps.items && firstSteps.customers && firstSteps.sales;
  return (
    <>
      <PageHeader title="Dashboard" description={`Welcome, ${shell.user.name}. You are ${ROLE_LABELS[shell.role].toLowerCase()} of ${shell.organisation.name}.`} />
      {started ? null : <FirstSteps steps={firstSteps} />}
      {sales && receivables ? (
        <>
          <dl className="grid gap-4 sm:grid-cols-3">
            <Figure
              label="Sales this month"
              value={money(sales.thisMonthMinor)}
              detail={`Last month ${money(sales.lastMonthMinor)} · a year ago ${money(sales.sameMonthLastYearMinor)}`}
            />
            <Figure label="Receivables not yet due" value={money(receivables.notDueMinor)} />
            <Figure
              label="Receivables overdue"
              value={money(receivables.overdueMinor)}
              detail={receivables.over90Minor ? `of which over 90 days ${money(receivables.over90Minor)}` : undefined}
            />
          </dl>
          <div className="mt-6 grid gap-6 lg:grid-cols-3">
            <div className="lg:col-span-2">
              <MonthlyBars title="Sales per month, net of tax" months={sales.months} currency={currency} locale={locale} highlight={sales.months.at(-1)?.month} />
            </div>
            <section aria-labelledby="top-customers" className="card">
              <h2 id="top-customers" className="text-lg font-semibold">
                Top customers
              </h2>
              <p className="text-sm text-slate-600">{fromBooks ? "Invoiced in the last twelve months, tax included." : "Your customers' sales in the last twelve months, net of tax."}</p>
              {sales.topCustomers.length ? (
                <ol className="mt-3 divide-y divide-slate-100">
                  {sales.topCustomers.map((customer) => (
                    <li key={customer.id} className="flex justify-between gap-3 py-2 text-sm">
                      <Link to={`sales/customers/${customer.id}`} className="link break-words">
                        {customer.name}
                      </Link>
                      <span className="tabular-nums">{money(customer.chargedMinor)}</span>
                    </li>
                  ))}
                </ol>
              ) : (
                <p className="mt-3 text-sm text-slate-600">No sales yet.</p>
              )}
            </section>
          </div>
          {fromBooks ? (
            <p className="mt-2 text-sm text-slate-500">
              From the books as of {today}: the sales account and the customers' receivable balances.{" "}
              <Link to="ledger/reports/aging" className="link">
                Aging report
              </Link>
            </p>
          ) : (
            <p className="mt-2 text-sm text-slate-500">From the invoices and credit notes of the customers assigned to you, as of {today}.</p>
          )}
        </>
      ) : null}
      {reorder && reorder.rows.length > 0 ? (
        <div className="mt-6">
          <ReorderList rows={reorder.rows} more={reorder.more} />
        </div>
      ) : null}
      {recent ? (
        <section aria-labelledby="recent-activity" className="card mt-6">
          <div className="flex items-center justify-between">
            <h2 id="recent-activity" className="text-lg font-semibold">
              Recent activity
            </h2>
            <Link to="settings/audit" className="link text-sm">
              Full audit trail
            </Link>
          </div>
          <ul className="mt-3 divide-y divide-slate-100">
            {recent.map((event) => (
              <li key={event.id} className="py-2 text-sm">
                <span className="font-medium">{event.action}</span> by {event.actor}{" "}
                <span className="text-slate-500">· {formatDateTime(event.occurredAt, shell.organisation)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
