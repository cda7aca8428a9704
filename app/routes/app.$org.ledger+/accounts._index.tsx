import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { accountTree, roleLabel } from "~/components/ledger/account-fields";
import { LedgerNav } from "~/components/ledger/ledger-nav";
import { accountsInUse, listAccounts, seedChartOfAccounts } from "~/modules/ledger/accounts.server";
import { ACCOUNT_TYPE_LABELS, chartActionSchema, PARTY_KIND_LABELS } from "~/modules/ledger/forms";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm } from "~/utils/forms";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Chart of accounts · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:read");
  return withTenant(member.actor, async (tx) => {
    const accounts = await listAccounts(tx);
    const used = await accountsInUse(tx, accounts.map((a) => a.id));
    return json({
      accounts: accounts.map((a) => ({
        id: a.id,
        code: a.code,
        name: a.name,
        type: a.type,
        parentId: a.parentId,
        isGroup: a.isGroup,
        isActive: a.isActive,
        role: a.role,
        partyKind: a.partyKind,
        used: used.has(a.id),
      })),
    });
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:post");
  const parsed = parseForm(chartActionSchema, await readFormData(request));
  if (!parsed.ok) return badRequest(parsed);
  const created = await withTenant(member.actor, (tx) => seedChartOfAccounts(tx));
  return redirectWithFlash(`/app/${member.organisation.slug}/ledger/accounts`, {
    kind: created ? "success" : "info",
    message: created ? `Created the standard chart of accounts: ${created} accounts.` : "This organisation already has a chart of accounts.",
  });
}

export default function ChartOfAccounts() {
  const { accounts } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const { organisation, role } = useOrganisation();
  const writable = can(role, "ledger:post");
  const base = `/app/${organisation.slug}/ledger/accounts`;
  const rows = accountTree(accounts);
  return (
    <>
      <PageHeader
        title="Chart of accounts"
        description="Group accounts hold the accounts that take postings. Accounts with posted lines cannot be deleted, only deactivated."
        actions={
          writable && accounts.length > 0 ? (
            <Link to={`${base}/new`} className="btn-primary">
              Add account
            </Link>
          ) : null
        }
      />
      <LedgerNav />
      {accounts.length === 0 ? (
        <div className="card max-w-xl">
          <p>This organisation has no accounts yet.</p>
          {writable ? (
            <Form method="post" className="mt-4">
              <input type="hidden" name="intent" value="seed" />
              <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
                Create the standard chart of accounts
              </button>
            </Form>
          ) : (
            <p className="mt-2 text-sm text-slate-600">An accountant, administrator or owner can create the standard chart.</p>
          )}
        </div>
      ) : (
        <div className="card overflow-x-auto">
          <table className="table-basic">
            <caption className="sr-only">Accounts by code, each group followed by its accounts</caption>
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Role</th>
                <th scope="col">Needs</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((account) => (
                <tr key={account.id} className={account.isActive ? undefined : "text-slate-500"}>
                  <td className="whitespace-nowrap tabular-nums">{account.code}</td>
                  <th scope="row" className={`align-top !font-normal ${account.isGroup ? "!font-semibold" : ""}`}>
                    <span style={{ paddingLeft: `${account.depth * 1.5}rem` }} className="inline-block">
                      <Link to={`${base}/${account.id}`} className="link">
                        {account.name}
                      </Link>
                      {account.isGroup ? <span className="ml-2 text-xs font-normal text-slate-500">group</span> : null}
                    </span>
                  </th>
                  <td>{ACCOUNT_TYPE_LABELS[account.type]}</td>
                  <td>{account.role ? roleLabel(account.role) : ""}</td>
                  <td>{account.partyKind ? PARTY_KIND_LABELS[account.partyKind] : ""}</td>
                  <td>{account.isActive ? "Active" : "Inactive"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
