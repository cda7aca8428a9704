import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError } from "~/components/forms";
import { PartyDetailsList, PartyFormFields, PartyStatusSection, PartyTimestamps } from "~/components/parties/party-form";
import { SUPPLIER_FIELDS, supplierActionSchema } from "~/modules/parties/forms";
import { partyFormFailure, rethrowAsNotFound } from "~/modules/parties/parties.server";
import { getSupplier, setSupplierActive, supplierBalance, updateSupplier } from "~/modules/parties/suppliers.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm, type FormFailure } from "~/utils/forms";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { formatMoney } from "~/utils/format";
import { useOrganisation } from "~/utils/route-data";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "purchasing:read");
  const id = params.supplierId ?? "";
  const { supplier, balance } = await withTenant(member.actor, async (tx) => ({
    supplier: await getSupplier(tx, id),
    balance: await supplierBalance(tx, id),
  })).catch(rethrowAsNotFound);
  return json({
    supplier: {
      id: supplier.id,
      name: supplier.name,
      email: supplier.email ?? "",
      phone: supplier.phone ?? "",
      taxId: supplier.taxId ?? "",
      address: supplier.address ?? "",
      paymentTermsDays: supplier.paymentTermsDays,
      isActive: supplier.isActive,
      createdAt: supplier.createdAt.toISOString(),
      updatedAt: supplier.updatedAt.toISOString(),
    },
    balance: formatMoney(balance, member.tenant.currency, member.tenant.locale),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "purchasing:write");
  const id = params.supplierId ?? "";
  const formData = await readFormData(request);
  const parsed = parseForm(supplierActionSchema, formData);
  if (!parsed.ok) return badRequest(parsed);
  const input = parsed.data;
  const here = `/app/${member.tenant.slug}/purchasing/suppliers/${id}`;
  try {
    if (input.intent === "update") {
      const { intent: _intent, ...fields } = input;
      await withTenant(member.actor, (tx) => updateSupplier(tx, id, fields));
      return redirectWithFlash(here, { kind: "success", message: "Supplier saved." });
    }
    const supplier = await withTenant(member.actor, (tx) => setSupplierActive(tx, id, input.intent === "reactivate"));
    return redirectWithFlash(here, { kind: "success", message: `${supplier.name} is ${supplier.isActive ? "active again" : "now inactive"}.` });
  } catch (error) {
    return partyFormFailure(error, formData);
  }
}

export default function SupplierDetail() {
  const { supplier, balance } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const shell = useOrganisation();
  const writable = can(shell.role, "purchasing:write");
  const values = actionData?.values ?? {};
  const errors = actionData?.errors ?? {};
  const initial: Record<string, string> = {
    name: supplier.name,
    email: supplier.email,
    phone: supplier.phone,
    taxId: supplier.taxId,
    address: supplier.address,
  };
  return (
    <>
      <PageHeader
        title={supplier.name}
        description={`Supplier · ${supplier.isActive ? "Active" : "Inactive"}`}
        actions={
          <Link to={`/app/${shell.organisation.slug}/purchasing/suppliers`} className="btn-secondary">
            All suppliers
          </Link>
        }
      />
      <dl className="mb-6 grid gap-4 sm:grid-cols-2">
        <div className="card">
          <dt className="text-sm text-slate-500">Balance on payables</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums">{balance}</dd>
        </div>
        <div className="card">
          <dt className="text-sm text-slate-500">Payment terms</dt>
          <dd className="mt-1 text-lg font-semibold">{supplier.paymentTermsDays} days</dd>
        </div>
      </dl>

      {writable ? (
        <section aria-labelledby="edit-heading" className="card max-w-xl">
          <h2 id="edit-heading" className="mb-3 text-lg font-semibold">
            Details
          </h2>
          <Form method="post" className="space-y-4" noValidate key={supplier.updatedAt}>
            <input type="hidden" name="intent" value="update" />
            <FormError message={actionData?.formError} />
            <PartyFormFields fields={SUPPLIER_FIELDS} values={values} errors={errors} initial={initial} paymentTermsDays={String(supplier.paymentTermsDays)} />
            <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
              Save changes
            </button>
          </Form>
        </section>
      ) : (
        <PartyDetailsList fields={SUPPLIER_FIELDS} initial={initial} />
      )}

      {writable ? (
        <PartyStatusSection noun="supplier" isActive={supplier.isActive} submitting={navigation.state === "submitting"} />
      ) : null}
      <PartyTimestamps createdAt={supplier.createdAt} updatedAt={supplier.updatedAt} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
