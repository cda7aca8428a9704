import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError } from "~/components/forms";
import { PartyFormFields } from "~/components/parties/party-form";
import { DEFAULT_PAYMENT_TERMS_DAYS, SUPPLIER_FIELDS, supplierSchema } from "~/modules/parties/forms";
import { partyFormFailure } from "~/modules/parties/parties.server";
import { createSupplier } from "~/modules/parties/suppliers.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm, type FormFailure } from "~/utils/forms";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { useOrganisation } from "~/utils/route-data";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireMember(request, params.org, "purchasing:write");
  return null;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "purchasing:write");
  const formData = await readFormData(request);
  const parsed = parseForm(supplierSchema, formData);
  if (!parsed.ok) return badRequest(parsed);
  try {
    const supplier = await withTenant(member.actor, (tx) => createSupplier(tx, parsed.data));
    return redirectWithFlash(`/app/${member.tenant.slug}/purchasing/suppliers/${supplier.id}`, { kind: "success", message: `Supplier ${supplier.name} created.` });
  } catch (error) {
    return partyFormFailure(error, formData);
  }
}

export default function NewSupplier() {
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const { organisation } = useOrganisation();
  const values = actionData?.values ?? {};
  const errors = actionData?.errors ?? {};
  return (
    <>
      <PageHeader
        title="New supplier"
        description="Someone this organisation buys from."
        actions={
          <Link to={`/app/${organisation.slug}/purchasing/suppliers`} className="btn-secondary">
            All suppliers
          </Link>
        }
      />
      <Form method="post" className="card max-w-xl space-y-4" noValidate>
        <FormError message={actionData?.formError} />
        <PartyFormFields
          fields={SUPPLIER_FIELDS}
          values={values}
          errors={errors}
          initial={{}}
          paymentTermsDays={String(DEFAULT_PAYMENT_TERMS_DAYS)}
          paymentTermsHint="Days you have to pay the supplier's bills."
        />
        <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
          Create supplier
        </button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
