import { Form, Link, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { SelectField, TextField } from "~/components/forms";
import { Pager } from "~/components/pagination";

/*
 * Pieces shared by the customer and supplier list pages and the sales and purchasing overviews.
 */

/** The search form of a party list (a GET form with role search): name or email, and status. */
export function PartySearchForm({ label }: { label: string }) {
  const [searchParams] = useSearchParams();
  return (
    <Form method="get" role="search" aria-label={label} className="card mb-6 grid gap-4 sm:grid-cols-[1fr_12rem_auto]">
      <TextField label="Search name or email" name="q" type="search" defaultValue={searchParams.get("q") ?? ""} />
      <SelectField
        label="Status"
        name="status"
        defaultValue={searchParams.get("status") ?? "active"}
        options={[
          { value: "active", label: "Active" },
          { value: "inactive", label: "Inactive" },
          { value: "all", label: "All" },
        ]}
      />
      <div className="flex items-end">
        <button type="submit" className="btn-secondary w-full">
          Search
        </button>
      </div>
    </Form>
  );
}

/** The count and Previous/Next page links under a party list; `noun` is singular ("customer"). */
export const PartyListPager = Pager;

/** The "No … match." row of an empty party list. */
export function PartyListEmptyRow({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className="text-slate-500">
        {children}
      </td>
    </tr>
  );
}

/** A party's name cell, linking to its page. */
export function PartyNameCell({ to, name }: { to: string; name: string }) {
  return (
    <th scope="row" className="font-medium">
      <Link to={to} className="link">
        {name}
      </Link>
    </th>
  );
}

/** The card of a party list on the sales or purchasing overview. */
export function PartyOverviewCard({ title, to, addLabel, children }: { title: string; to: string; addLabel: string | null; children: ReactNode }) {
  return (
    <li className="card">
      <h2 className="text-lg font-semibold">
        <Link to={to} className="link">
          {title}
        </Link>
      </h2>
      <p className="mt-1 text-slate-700">{children}</p>
      {addLabel ? (
        <p className="mt-3">
          <Link to={`${to}/new`} className="link text-sm">
            {addLabel}
          </Link>
        </p>
      ) : null}
    </li>
  );
}
