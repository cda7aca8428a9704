import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError, SelectField, TextField } from "~/components/forms";
import { createCustomer, listSalesmen } from "~/modules/parties/customers.server";
import { CUSTOMER_FIELDS, customerSchema, DEFAULT_PAYMENT_TERMS_DAYS, MAX_PAYMENT_TERMS_DAYS } from "~/modules/parties/forms";
import { partyFormFailure } from "~/modules/parties/parties.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, parseForm, type FormFailure, readFormData } from "~/utils/forms";
import { useOrganisation } from "~/utils/route-data";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "sales:write");
  // A salesman's customers are his own; only members who see every customer choose the salesman.
  const salesmen = member.dataScope === "all" ? await withTenant(member.actor, (tx) => listSalesmen(tx)) : null;
  return json({ salesmen });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "sales:write");
  const formData = await readFormData(request);
  const parsed = parseForm(customerSchema, formData);
  if (!parsed.ok) return badRequest(parsed);
  try {
    const customer = await withTenant(member.actor, (tx) => createCustomer(tx, parsed.data));
    return redirectWithFlash(`/app/${member.tenant.slug}/sales/customers/${customer.id}`, { kind: "success", message: `Customer ${customer.name} created.` });
  } catch (error) {
    return partyFormFailure(error, formData);
  }
}

export default function NewCustomer() {
  const { salesmen } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const { organisation } = useOrganisation();
  const values = actionData?.values ?? {};
  const errors = actionData?.errors ?? {};
  return (
    <>
      <PageHeader
        title="New customer"
        description={salesmen ? "Someone this organisation sells to." : "Someone you sell to. New customers you add are assigned to you."}
        actions={
          <Link to={`/app/${organisation.slug}/sales/customers`} className="btn-secondary">
            All customers
          </Link>
        }
      />
      <Form method="post" className="card max-w-xl space-y-4" noValidate>
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
            defaultValue={values[field.name] ?? ""}
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
          defaultValue={values.paymentTermsDays ?? String(DEFAULT_PAYMENT_TERMS_DAYS)}
          error={errors.paymentTermsDays}
          hint="Days the customer has to pay an invoice."
        />
        {salesmen ? (
          <SelectField
            label="Salesman"
            name="assignedUserId"
            defaultValue={values.assignedUserId ?? ""}
            error={errors.assignedUserId}
            options={[{ value: "", label: "Unassigned" }, ...salesmen.map((s) => ({ value: s.userId, label: s.name }))]}
          />
        ) : null}
        <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
          Create customer
        </button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
