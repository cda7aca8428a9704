import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { DataTable } from "~/components/data-table";
import { FormError } from "~/components/forms";
import { LedgerNav } from "~/components/ledger/ledger-nav";
import { TaxRateFields } from "~/components/ledger/tax-rate-fields";
import { basisPointsToPercent, taxRateSchema } from "~/modules/ledger/forms";
import { createTaxRate, listTaxAccounts, listTaxRates } from "~/modules/ledger/tax-rates.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { actionFailure } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { formValues, parseForm, type FormFailure } from "~/utils/forms";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Tax rates · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:read");
  return withTenant(member.actor, async (tx) => {
    const rates = await listTaxRates(tx);
    const accounts = can(member.role, "ledger:post") ? await listTaxAccounts(tx) : [];
    return json({
      rates: rates.map((r) => ({ id: r.id, name: r.name, percent: basisPointsToPercent(r.rateBp), account: `${r.accountCode} ${r.accountName}`, isActive: r.isActive })),
      accounts,
    });
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:post");
  const formData = await readFormData(request);
  const parsed = parseForm(taxRateSchema, formData);
  if (!parsed.ok) return badRequest(parsed);
  try {
    const rate = await withTenant(member.actor, (tx) => createTaxRate(tx, parsed.data));
    return redirectWithFlash(`/app/${member.organisation.slug}/ledger/tax-rates`, { kind: "success", message: `Tax rate ${rate.name} added.` });
  } catch (error) {
    return actionFailure(error, formValues(formData));
  }
}

export default function TaxRates() {
  const { rates, accounts } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const { organisation, role } = useOrganisation();
  const base = `/app/${organisation.slug}/ledger/tax-rates`;
  return (
    <>
      <PageHeader title="Tax rates" description="The rates sales and purchase documents charge, and the account each posts its tax to." />
      <LedgerNav />
      <section aria-labelledby="rates-heading" className="card mb-6 overflow-x-auto">
        <h2 id="rates-heading" className="mb-3 text-lg font-semibold">
          Rates
        </h2>
        <DataTable
          caption="Tax rates, lowest first"
          columns={["Name", { label: "Rate", className: "text-right" }, "Posted to", "Status"]}
          rows={rates}
          rowKey={(rate) => rate.id}
          empty="No tax rates yet: add the rates your organisation charges below."
        >
          {(rate) => (
            <>
              <td>
                <Link to={`${base}/${rate.id}`} className="link">
                  {rate.name}
                </Link>
              </td>
              <td className="text-right tabular-nums">{rate.percent}%</td>
              <td>{rate.account}</td>
              <td>{rate.isActive ? "Active" : "Inactive"}</td>
            </>
          )}
        </DataTable>
      </section>
      {can(role, "ledger:post") ? (
        <Form method="post" className="card max-w-xl space-y-4" noValidate aria-labelledby="add-rate-heading">
          <h2 id="add-rate-heading" className="text-lg font-semibold">
            Add a tax rate
          </h2>
          <FormError message={actionData?.formError} />
          <TaxRateFields values={actionData?.values ?? {}} errors={actionData?.errors ?? {}} accounts={accounts} />
          <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
            Add tax rate
          </button>
        </Form>
      ) : null}
    </>
  );
}
