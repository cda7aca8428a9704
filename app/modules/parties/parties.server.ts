import { and, asc, eq, ilike, or, type SQL } from "drizzle-orm";
import type { Tx } from "~/db.server";
import type { PartyKind } from "~/modules/ledger/schema";
import { formValues } from "~/utils/forms";
import { badRequest } from "~/utils/form-responses.server";
import { notFound } from "~/utils/responses.server";
import { customers, suppliers } from "./schema";

export interface PartyOption {
  id: string;
  name: string;
  kind: PartyKind;
}

/** Active customers and suppliers the current member may see, for choosing a party on a form. */
export async function listPartyOptions(tx: Tx): Promise<PartyOption[]> {
  const [customerRows, supplierRows] = await Promise.all([
    tx.select({ id: customers.id, name: customers.name }).from(customers).where(eq(customers.isActive, true)).orderBy(asc(customers.name)),
    tx.select({ id: suppliers.id, name: suppliers.name }).from(suppliers).where(eq(suppliers.isActive, true)).orderBy(asc(suppliers.name)),
  ]);
  return [...customerRows.map((c) => ({ ...c, kind: "customer" as const })), ...supplierRows.map((s) => ({ ...s, kind: "supplier" as const }))];
}

/** A refusal of a customer or supplier operation: 404 (not in this organisation, or not visible) or 400 (bad input). */
export class PartyError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404,
    /** The form field the message belongs beside. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export const PARTY_PAGE_SIZE = 25;

export interface PartyListFilter {
  /** Part of the name or email, any case. */
  search?: string;
  status?: "active" | "inactive" | "all";
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export interface PartyPage<T> {
  rows: T[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

/** A LIKE pattern matching `text` anywhere, with the pattern's own wildcards escaped. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The WHERE of a customer or supplier list: status (active by default) and a search in name and email. */
export function partyListWhere(table: typeof customers | typeof suppliers, filter: PartyListFilter): SQL | undefined {
  const conditions: SQL[] = [];
  const status = filter.status ?? "active";
  if (status !== "all") conditions.push(eq(table.isActive, status === "active"));
  const search = filter.search?.trim();
  if (search) {
    const pattern = containsPattern(search);
    conditions.push(or(ilike(table.name, pattern), ilike(table.email, pattern))!);
  }
  return conditions.length ? and(...conditions) : undefined;
}

export function pageOf(filter: PartyListFilter) {
  const pageSize = Math.min(Math.max(filter.pageSize ?? PARTY_PAGE_SIZE, 1), 200);
  const page = Math.max(filter.page ?? 1, 1);
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** For a loader: a PartyError 404 becomes the 404 page; anything else is thrown as it is. */
export function rethrowAsNotFound(error: unknown): never {
  if (error instanceof PartyError && error.status === 404) throw notFound(error.message);
  throw error;
}

/** For an action: a 400 refusal comes back beside its field with the values kept; a 404 is the 404 page. */
export function partyFormFailure(error: unknown, formData: FormData) {
  if (!(error instanceof PartyError) || error.status !== 400) rethrowAsNotFound(error);
  const values = formValues(formData);
  return error.field ? badRequest({ values, errors: { [error.field]: error.message } }) : badRequest({ values, formError: error.message });
}
