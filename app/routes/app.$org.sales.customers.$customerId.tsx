import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError, SelectField, TextField } from "~/components/forms";
import { customerBalance, getCustomer, listSalesmen, setCustomerActive, updateCustomer } from "~/modules/parties/customers.server";
import { CUSTOMER_FIELDS, customerActionSchema, MAX_PAYMENT_TERMS_DAYS } from "~/modules/parties/forms";
import { partyFormFailure, rethrowAsNotFound } from "~/modules/parties/parties.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, parseForm, type FormFailure, readFormData } from "~/utils/forms";
import { formatMoney } from "~/utils/money";
import { formatDateTime, useOrganisation } from "~/utils/route-data";

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
            {CUSTOMER_FIELDS.map((field) => (
              <TextField
                key={field.name}
                label={field.label}
                name={field.name}
                type={field.type ?? "text"}
                maxLength={field.maxLength}
                autoComplete={field.autoComplete}
                required={field.required}
                defaultValue={values[field.name] ?? initial[field.name] ?? ""}
                error={errors[field.name]}
              />
            ))}
            <TextField
              label="Payment terms (days)"
              name="paymentTermsDays"
              type="number"
              inputMode="numeric"
              min={0}
              max={MAX_PAYMENT_TERMS_DAYS}
              step={1}
              defaultValue={values.paymentTermsDays ?? String(customer.paymentTermsDays)}
              error={errors.paymentTermsDays}
            />
            {salesmen ? (
              <SelectField
                label="Salesman"
                name="assignedUserId"
                defaultValue={values.assignedUserId ?? customer.assignedUserId}
                error={errors.assignedUserId}
                options={[{ value: "", label: "Unassigned" }, ...salesmen.map((s) => ({ value: s.userId, label: s.name }))]}
              />
            ) : null}
            <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
              Save changes
            </button>
          </Form>
        </section>
      ) : (
        <section aria-labelledby="details-heading" className="card max-w-xl">
          <h2 id="details-heading" className="mb-3 text-lg font-semibold">
            Details
          </h2>
          <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-2 text-sm">
            {CUSTOMER_FIELDS.map((field) => (
              <div key={field.name} className="contents">
                <dt className="text-slate-500">{field.label}</dt>
                <dd className="whitespace-pre-line">{initial[field.name] || "—"}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}

      {writable ? (
        <section aria-labelledby="status-heading" className="card mt-6 max-w-xl">
          <h2 id="status-heading" className="mb-2 text-lg font-semibold">
            {customer.isActive ? "Deactivate" : "Reactivate"}
          </h2>
          <p className="mb-3 text-sm text-slate-700">
            {customer.isActive
              ? "An inactive customer stays in the books and in past documents, but is no longer offered on new ones."
              : "This customer is inactive: it is not offered on new documents."}
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value={customer.isActive ? "deactivate" : "reactivate"} />
            <button type="submit" className={customer.isActive ? "btn-danger" : "btn-secondary"} disabled={navigation.state === "submitting"}>
              {customer.isActive ? "Deactivate customer" : "Reactivate customer"}
            </button>
          </Form>
        </section>
      ) : null}
      <p className="mt-6 text-xs text-slate-500">
        Added {formatDateTime(customer.createdAt, shell.organisation)} · last changed {formatDateTime(customer.updatedAt, shell.organisation)}
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
