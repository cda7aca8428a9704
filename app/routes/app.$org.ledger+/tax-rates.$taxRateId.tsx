import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { CheckboxField, FormError } from "~/components/forms";
import { LedgerNav } from "~/components/ledger/ledger-nav";
import { TaxRateFields } from "~/components/ledger/tax-rate-fields";
import { basisPointsToPercent, idParam, taxRateEditSchema } from "~/modules/ledger/forms";
import { getTaxRate, listTaxAccounts, updateTaxRate } from "~/modules/ledger/tax-rates.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { actionFailure, rethrowAsResponse } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { formValues, parseForm, type FormFailure } from "~/utils/forms";
import { notFound } from "~/utils/responses.server";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.rate.name} · Tax rates · Folio` : "Tax rate · Folio" }];

const MISSING = "That tax rate does not exist in this organisation.";

function taxRateIdFrom(params: { taxRateId?: string }): string {
  const parsed = idParam.safeParse(params.taxRateId);
  if (!parsed.success) throw notFound(MISSING);
  return parsed.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:read");
  const id = taxRateIdFrom(params);
  return withTenant(member.actor, async (tx) => {
    const rate = await getTaxRate(tx, id).catch(rethrowAsResponse);
    const accounts = await listTaxAccounts(tx);
    // The rate's own account stays choosable even when it is no longer one a new rate could take.
    const current = accounts.some((a) => a.id === rate.accountId) ? [] : [{ id: rate.accountId, code: "", name: "(the current account)", role: null }];
    return json({
      rate: { id: rate.id, name: rate.name, percent: basisPointsToPercent(rate.rateBp), accountId: rate.accountId, isActive: rate.isActive },
      accounts: [...current, ...accounts],
    });
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:post");
  const id = taxRateIdFrom(params);
  const formData = await readFormData(request);
  const parsed = parseForm(taxRateEditSchema, formData);
  if (!parsed.ok) return badRequest(parsed);
  try {
    const rate = await withTenant(member.actor, (tx) => updateTaxRate(tx, id, parsed.data));
    return redirectWithFlash(`/app/${member.organisation.slug}/ledger/tax-rates`, { kind: "success", message: `Tax rate ${rate.name} saved.` });
  } catch (error) {
    return actionFailure(error, formValues(formData));
  }
}

export default function TaxRatePage() {
  const { rate, accounts } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const { organisation, role } = useOrganisation();
  const writable = can(role, "ledger:post");
  const values = actionData?.values ?? { name: rate.name, rate: rate.percent, accountId: rate.accountId, isActive: rate.isActive ? "on" : "" };
  return (
    <>
      <PageHeader
        title={rate.name}
        description={`${rate.percent}%${rate.isActive ? "" : ", inactive"}. A change applies to new documents; posted ones keep the rate they were posted with.`}
      />
      <LedgerNav />
      <Form method="post" className="card max-w-xl space-y-4" noValidate aria-label="Edit tax rate">
        <FormError message={actionData?.formError} />
        <fieldset disabled={!writable} className="space-y-4">
          <TaxRateFields values={values} errors={actionData?.errors ?? {}} accounts={accounts} />
          <CheckboxField label="Active: can be chosen on new documents" name="isActive" defaultChecked={values.isActive === "on" || values.isActive === "true"} error={actionData?.errors.isActive} />
        </fieldset>
        {writable ? (
          <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
            Save tax rate
          </button>
        ) : null}
      </Form>
      <p className="mt-4">
        <Link to={`/app/${organisation.slug}/ledger/tax-rates`} className="link">
          All tax rates
        </Link>
      </p>
    </>
  );
}
