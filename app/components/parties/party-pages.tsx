import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { FormError, IgnoredParametersNotice } from "~/components/forms";
import { CUSTOMER_EXTRA_INTENTS, DEFAULT_PAYMENT_TERMS_DAYS } from "~/modules/parties/forms";
import { can } from "~/modules/tenancy/permissions";
import type { FormFailure } from "~/utils/forms";
import { PARTY_PAGES } from "~/utils/party-pages";
import type { newPartyLoader, partyDetailLoader, partyListLoader } from "~/utils/party-pages.server";
import { useOrganisation } from "~/utils/route-data";
import { PartyDetailsList, PartyFormFields, PartyStatusSection, PartyTimestamps, SalesmanField } from "./party-form";
import { PartyListEmptyRow, PartyListPager, PartyNameCell, PartySearchForm } from "./party-list";

/*
 * The customer and supplier pages (list, new, detail), one of each for both kinds; a customer's also show its
 * salesman. Their data, and the kind they show, come from the loaders of app/utils/party-pages.server.ts.
 */

export function PartyListPage() {
  const data = useLoaderData<typeof partyListLoader>();
  const { kind, total, pageCount, scoped, ignored } = data;
  const page = PARTY_PAGES[kind];
  const rows = data[page.plural];
  const { organisation, role } = useOrganisation();
  const base = `/app/${organisation.slug}/${page.path}`;
  const withSalesman = kind === "customer";
  const columns = withSalesman ? 6 : 5;
  return (
    <>
      <PageHeader
        title={page.Plural}
        description={scoped ? `The ${page.plural} assigned to you.` : page.everyone}
        actions={
          can(role, page.write) ? (
            <Link to={`${base}/new`} className="btn-primary">
              New {page.noun}
            </Link>
          ) : null
        }
      />
      <IgnoredParametersNotice ignored={ignored} />
      <PartySearchForm label={page.Plural} />
      <div className="card overflow-x-auto">
        <table className="table-basic">
          <caption className="sr-only">{page.Plural} by name</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Phone</th>
              {withSalesman ? <th scope="col">Salesman</th> : null}
              <th scope="col">Payment terms</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.length === 0 ? (
              <PartyListEmptyRow colSpan={columns}>No {page.plural} match.</PartyListEmptyRow>
            ) : (
              rows.map((party) => (
                <tr key={party.id}>
                  <PartyNameCell to={`${base}/${party.id}`} name={party.name} />
                  <td>{party.email}</td>
                  <td>{party.phone}</td>
                  {withSalesman ? <td>{party.salesman ?? <span className="text-slate-500">Unassigned</span>}</td> : null}
                  <td className="tabular-nums">{party.paymentTermsDays} days</td>
                  <td>{party.isActive ? "Active" : "Inactive"}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
        <PartyListPager total={total} page={data.page} pageCount={pageCount} noun={page.noun} />
      </div>
    </>
  );
}

export function NewPartyPage() {
  const { kind, salesmen } = useLoaderData<typeof newPartyLoader>();
  const page = PARTY_PAGES[kind];
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const { organisation } = useOrganisation();
  const values = actionData?.values ?? {};
  const errors = actionData?.errors ?? {};
  // A salesman (no choice of salesman) adds customers of his own.
  const description = kind === "customer" && !salesmen ? "Someone you sell to. New customers you add are assigned to you." : page.someone;
  return (
    <>
      <PageHeader
        title={`New ${page.noun}`}
        description={description}
        actions={
          <Link to={`/app/${organisation.slug}/${page.path}`} className="btn-secondary">
            All {page.plural}
          </Link>
        }
      />
      <Form method="post" className="card max-w-xl space-y-4" noValidate>
        <FormError message={actionData?.formError} />
        <PartyFormFields
          fields={page.fields}
          values={values}
          errors={errors}
          initial={{}}
          paymentTermsDays={String(DEFAULT_PAYMENT_TERMS_DAYS)}
          paymentTermsHint={page.paymentTermsHint}
        />
        {salesmen ? <SalesmanField salesmen={salesmen} defaultValue={values.assignedUserId ?? ""} error={errors.assignedUserId} /> : null}
        <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
          Create {page.noun}
        </button>
      </Form>
    </>
  );
}

/** The forms of a customer's own sections (customer-extras.tsx), whose refusals those sections show, not this form. */
const EXTRA_INTENTS: readonly string[] = [...CUSTOMER_EXTRA_INTENTS, "price-list"];

export function PartyDetailPage() {
  const { kind, party, balance, salesmen } = useLoaderData<typeof partyDetailLoader>();
  const page = PARTY_PAGES[kind];
  const answer = useActionData<FormFailure>();
  const actionData = answer && !EXTRA_INTENTS.includes(answer.values?.intent ?? "") ? answer : undefined;
  const navigation = useNavigation();
  const shell = useOrganisation();
  const writable = can(shell.role, page.write);
  const values = actionData?.values ?? {};
  const errors = actionData?.errors ?? {};
  const withSalesman = kind === "customer";
  return (
    <>
      <PageHeader
        title={party.name}
        description={`${page.Noun} · ${party.isActive ? "Active" : "Inactive"}`}
        actions={
          <Link to={`/app/${shell.organisation.slug}/${page.path}`} className="btn-secondary">
            All {page.plural}
          </Link>
        }
      />
      <dl className={`mb-6 grid gap-4 ${withSalesman ? "sm:grid-cols-3" : "sm:grid-cols-2"}`}>
        <div className="card">
          <dt className="text-sm text-slate-500">{page.balanceLabel}</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums">{balance}</dd>
        </div>
        {withSalesman ? (
          <div className="card">
            <dt className="text-sm text-slate-500">Salesman</dt>
            <dd className="mt-1 text-lg font-semibold">{party.salesman ?? "Unassigned"}</dd>
          </div>
        ) : null}
        <div className="card">
          <dt className="text-sm text-slate-500">Payment terms</dt>
          <dd className="mt-1 text-lg font-semibold">{party.paymentTermsDays} days</dd>
        </div>
      </dl>

      {writable ? (
        <section aria-labelledby="edit-heading" className="card max-w-xl">
          <h2 id="edit-heading" className="mb-3 text-lg font-semibold">
            Details
          </h2>
          <Form method="post" className="space-y-4" noValidate key={party.updatedAt}>
            <input type="hidden" name="intent" value="update" />
            <FormError message={actionData?.formError} />
            <PartyFormFields fields={page.fields} values={values} errors={errors} initial={party.details} paymentTermsDays={String(party.paymentTermsDays)} />
            {salesmen ? (
              <SalesmanField salesmen={salesmen} defaultValue={values.assignedUserId ?? party.assignedUserId} error={errors.assignedUserId} />
            ) : null}
            <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
              Save changes
            </button>
          </Form>
        </section>
      ) : (
        <PartyDetailsList fields={page.fields} initial={party.details} />
      )}

      {writable ? <PartyStatusSection noun={page.noun} isActive={party.isActive} submitting={navigation.state === "submitting"} /> : null}
      <PartyTimestamps createdAt={party.createdAt} updatedAt={party.updatedAt} />
    </>
  );
}
