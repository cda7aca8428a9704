import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError } from "~/components/forms";
import { PartyDetailsList, PartyFormFields, PartyStatusSection, PartyTimestamps, SalesmanField } from "~/components/parties/party-form";
import { customerBalance, getCustomer, listSalesmen, setCustomerActive, updateCustomer } from "~/modules/parties/customers.server";
import { CUSTOMER_FIELDS, customerActionSchema } from "~/modules/parties/forms";
import { partyFormFailure, rethrowAsNotFound } from "~/modules/parties/parties.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm, type FormFailure } from "~/utils/forms";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { formatMoney } from "~/utils/format";
import { useOrganisation } from "~/utils/route-data";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "sales:read");
  const id = params.customerId ?? "";
  const assigns = member.dataScope === "all" && can(member.role, "sales:write");
  const { customer, balance, salesmen } = await withTenant(member.actor, async (tx) => ({
    customer: await getCustomer(tx, id),
    balance: await customerBalance(tx, id),
    salesmen: assigns ? await listSalesmen(tx) : null,
  })).catch(rethrowAsNotFound);
  // Keep a salesman who has since changed role selectable, so saving other changes does not unassign silently.
  if (salesmen && customer.assignedUserId && !salesmen.some((s) => s.userId === customer.assignedUserId)) {
    salesmen.push({ userId: customer.assignedUserId, name: `${customer.assignedUserName ?? "Former member"} (no longer a salesman)`, email: "" });
  }
  return json({
    customer: {
      id: customer.id,
      name: customer.name,
      email: customer.email ?? "",
      phone: customer.phone ?? "",
      taxId: customer.taxId ?? "",
      billingAddress: customer.billingAddress ?? "",
      paymentTermsDays: customer.paymentTermsDays,
      assignedUserId: customer.assignedUserId ?? "",
      salesman: customer.assignedUserName,
      isActive: customer.isActive,
      createdAt: customer.createdAt.toISOString(),
      updatedAt: customer.updatedAt.toISOString(),
    },
    balance: formatMoney(balance, member.tenant.currency, member.tenant.locale),
    salesmen,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "sales:write");
  const id = params.customerId ?? "";
  const formData = await readFormData(request);
  const parsed = parseForm(customerActionSchema, formData);
  if (!parsed.ok) return badRequest(parsed);
  const input = parsed.data;
  const here = `/app/${member.tenant.slug}/sales/customers/${id}`;
  try {
    if (input.intent === "update") {
      const { intent: _intent, ...fields } = input;
      await withTenant(member.actor, (tx) => updateCustomer(tx, id, fields));
      return redirectWithFlash(here, { kind: "success", message: "Customer saved." });
    }
    const customer = await withTenant(member.actor, (tx) => setCustomerActive(tx, id, input.intent === "reactivate"));
    return redirectWithFlash(here, { kind: "success", message: `${customer.name} is ${customer.isActive ? "active again" : "now inactive"}.` });
  } catch (error) {
    return partyFormFailure(error, formData);
  }
}

export default function CustomerDetail() {
  const { customer, balance, salesmen } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const shell = useOrganisation();
  const writable = can(shell.role, "sales:write");
  const values = actionData?.values ?? {};
  const errors = actionData?.errors ?? {};
  const initial: Record<string, string> = {
    name: customer.name,
    email: customer.email,
    phone: customer.phone,
    taxId: customer.taxId,
    billingAddress: customer.billingAddress,
  };
  return (
    <>
      <PageHeader
        title={customer.name}
        description={`Customer · ${customer.isActive ? "Active" : "Inactive"}`}
        actions={
          <Link to={`/app/${shell.organisation.slug}/sales/customers`} className="btn-secondary">
            All customers
          </Link>
        }
      />
      <dl className="mb-6 grid gap-4 sm:grid-cols-3">
        <div className="card">
          <dt className="text-sm text-slate-500">Balance on receivables</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums">{balance}</dd>
        </div>
        <div className="card">
          <dt className="text-sm text-slate-500">Salesman</dt>
          <dd className="mt-1 text-lg font-semibold">{customer.salesman ?? "Unassigned"}</dd>
        </div>
        <div className="card">
          <dt className="text-sm text-slate-500">Payment terms</dt>
          <dd className="mt-1 text-lg font-semibold">{customer.paymentTermsDays} days</dd>
        </div>
      </dl>

      {writable ? (
        <section aria-labelledby="edit-heading" className="card max-w-xl">
          <h2 id="edit-heading" className="mb-3 text-lg font-semibold">
            Details
          </h2>
          <Form method="post" className="space-y-4" noValidate key={customer.updatedAt}>
            <input type="hidden" name="intent" value="update" />
            <FormError message={actionData?.formError} />
            <PartyFormFields fields={CUSTOMER_FIELDS} values={values} errors={errors} initial={initial} paymentTermsDays={String(customer.paymentTermsDays)} />
            {salesmen ? (
              <SalesmanField salesmen={salesmen} defaultValue={values.assignedUserId ?? customer.assignedUserId} error={errors.assignedUserId} />
            ) : null}
            <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
              Save changes
            </button>
          </Form>
        </section>
      ) : (
        <PartyDetailsList fields={CUSTOMER_FIELDS} initial={initial} />
      )}

      {writable ? (
        <PartyStatusSection noun="customer" isActive={customer.isActive} submitting={navigation.state === "submitting"} />
      ) : null}
      <PartyTimestamps createdAt={customer.createdAt} updatedAt={customer.updatedAt} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
