import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { CheckboxField, DateField, FormError, IdempotencyField, SelectField, TextField } from "~/components/forms";
import { Amount } from "~/components/ledger/ledger-nav";
import { SalesNav } from "~/components/sales/sales-views";
import { openInvoicesOf } from "~/modules/sales/detail.server";
import { PAYMENT_DATE_FIELDS, paymentHeaderSchema, readAllocations } from "~/modules/sales/forms";
import { customerOptions } from "~/modules/sales/options.server";
import { recordPayment } from "~/modules/sales/payments.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { IDEMPOTENCY_FIELD, newIdempotencyToken, performOnce } from "~/modules/tenancy/idempotency.server";
import { todayIn } from "~/utils/dates";
import { actionFailure } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { formatDate } from "~/utils/format";
import { badRequest, readFormData } from "~/utils/form-responses.server";
import { formValues, parseForm, type FormFailure } from "~/utils/forms";
import { MoneyFormatError, parseMoney } from "~/utils/money";
import { isUuid } from "~/utils/ids";
import { useOrganisation } from "~/utils/route-data";
import { serialise } from "~/utils/serialise";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Record a payment · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "sales:post");
  const requested = new URL(request.url).searchParams.get("customerId") ?? "";
  const customerId = isUuid(requested) ? requested : "";
  const { customers, invoices } = await withTenant(member.actor, async (tx) => ({
    customers: await customerOptions(tx),
    invoices: customerId ? await openInvoicesOf(tx, customerId) : [],
  }));
  const known = customers.some((c) => c.id === customerId);
  return json({ customers, customerId: known ? customerId : "", invoices: known ? serialise(invoices) : [], today: todayIn(member.organisation.timeZone), idempotencyToken: newIdempotencyToken() });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request, params.org, "sales:post");
  const formData = await readFormData(request);
  const values = formValues(formData);
  const parsed = parseForm(paymentHeaderSchema, formData, { dates: { locale: member.organisation.locale, fields: PAYMENT_DATE_FIELDS } });
  const currency = member.organisation.currency;
  const read = readAllocations(values, currency);
  let amountMinor: bigint | null = null;
  const amountErrors: Record<string, string> = {};
  if (parsed.ok) {
    try {
      amountMinor = parseMoney(parsed.data.amount, currency);
    } catch (error) {
      if (!(error instanceof MoneyFormatError)) throw error;
      amountErrors.amount = error.message;
    }
  }
  if (!parsed.ok || amountMinor === null || Object.keys(read.errors).length > 0) {
    const failure = parsed.ok ? { errors: {}, values } : parsed;
    return badRequest({ ...failure, errors: { ...failure.errors, ...amountErrors, ...read.errors } });
  }
  const { customerId, method, reference, paymentDate, keepAsCredit } = parsed.data;
  const input = { customerId, method, reference, paymentDate, amountMinor, allocations: read.allocations, keepAsCredit };
  try {
    const payment = await withTenant(member.actor, (tx) =>
      performOnce(
        tx,
        { token: formData.get(IDEMPOTENCY_FIELD), operation: "sales.record_payment", input: JSON.stringify(input, (_k, v) => (typeof v === "bigint" ? v.toString() : v)) },
        async () => {
          const recorded = await recordPayment(tx, input);
          return { number: recorded.number };
        },
      ),
    );
    return redirectWithFlash(`/app/${member.organisation.slug}/sales/payments/new?customerId=${customerId}`, { kind: "success", message: `Recorded payment ${payment.number}.` });
  } catch (error) {
    return actionFailure(error, values);
  }
}

const METHODS = [
  { value: "bank_transfer", label: "Bank transfer" },
  { value: "cash", label: "Cash" },
  { value: "card", label: "Card" },
];

export default function RecordPayment() {
  const { customers, customerId, invoices, today, idempotencyToken } = useLoaderData<typeof loader>();
  const failure = useActionData<FormFailure>();
  const navigation = useNavigation();
  const { organisation } = useOrganisation();
  const shown = failure?.values ?? {};
  const errors = failure?.errors ?? {};
  return (
    <>
      <PageHeader title="Record a payment" description="Money received from a customer, allocated to its open invoices." />
      <SalesNav />
      <Form method="get" className="card mb-6 flex flex-wrap items-end gap-3">
        <SelectField label="Customer" name="customerId" defaultValue={customerId} options={[{ value: "", label: "Choose a customer" }, ...customers.map((c) => ({ value: c.id, label: c.name }))]} />
        <button type="submit" className="btn-secondary">
          Show open invoices
        </button>
      </Form>
      {customerId ? (
        <Form method="post" className="card space-y-4" noValidate>
          <FormError message={failure?.formError} />
          <IdempotencyField token={idempotencyToken} />
          <input type="hidden" name="intent" value="record" />
          <input type="hidden" name="customerId" value={customerId} />
          {errors.customerId ? <p className="text-sm text-red-700">{errors.customerId}</p> : null}
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField label="Method" name="method" defaultValue={shown.method ?? "bank_transfer"} error={errors.method} options={METHODS} />
            <TextField label="Reference" name="reference" defaultValue={shown.reference ?? ""} error={errors.reference} maxLength={100} />
            <DateField label="Payment date" name="paymentDate" locale={organisation.locale} defaultValue={shown.paymentDate ?? today} error={errors.paymentDate} required />
            <TextField label="Amount" name="amount" inputMode="decimal" defaultValue={shown.amount ?? ""} error={errors.amount} required />
          </div>
          <fieldset>
            <legend className="mb-2 text-lg font-semibold">Allocate to invoices</legend>
            {invoices.length === 0 ? <p className="text-sm text-slate-600">This customer has no open invoices.</p> : null}
            <div className="space-y-3">
              {invoices.map((invoice, index) => (
                <div key={invoice.id} className="grid items-end gap-3 sm:grid-cols-3">
                  <input type="hidden" name={`allocations.${index}.invoiceId`} value={invoice.id} />
                  <p className="text-sm">
                    <span className="font-medium">{invoice.number}</span> of {formatDate(invoice.issueDate, organisation.locale)}, open <Amount minor={invoice.outstandingMinor} withCurrency />
                  </p>
                  <TextField
                    label={`Allocate to ${invoice.number}`}
                    name={`allocations.${index}.amount`}
                    inputMode="decimal"
                    defaultValue={shown[`allocations.${index}.amount`] ?? ""}
                    error={errors[`allocations.${index}.amount`] ?? errors[`allocations.${index}.invoiceId`]}
                  />
                </div>
              ))}
            </div>
          </fieldset>
          <CheckboxField label="Keep what is not allocated as the customer's credit" name="keepAsCredit" defaultChecked={shown.keepAsCredit === "on"} error={errors.keepAsCredit} />
          <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
            Record payment
          </button>
        </Form>
      ) : null}
    </>
  );
}
