import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError } from "~/components/forms";
import { PartyFormFields, SalesmanField } from "~/components/parties/party-form";
import { createCustomer, listSalesmen } from "~/modules/parties/customers.server";
import { CUSTOMER_FIELDS, customerSchema, DEFAULT_PAYMENT_TERMS_DAYS } from "~/modules/parties/forms";
import { partyFormFailure } from "~/modules/parties/parties.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm, type FormFailure } from "~/utils/forms";
import { badRequest, readFormData } from "~/utils/form-responses.server";
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
        <PartyFormFields
          fields={CUSTOMER_FIELDS}
          values={values}
          errors={errors}
          initial={{}}
          paymentTermsDays={String(DEFAULT_PAYMENT_TERMS_DAYS)}
          paymentTermsHint="Days the customer has to pay an invoice."
        />
        {salesmen ? (
          <SalesmanField salesmen={salesmen} defaultValue={values.assignedUserId ?? ""} error={errors.assignedUserId} />
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
