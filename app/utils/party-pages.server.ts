import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { partyBalance } from "~/modules/ledger/party-balances.server";
import { customerActionSchema, customerSchema, partyListQuerySchema, supplierActionSchema, supplierSchema } from "~/modules/parties/forms";
import type { Tx } from "~/db.server";
import { createParty, getParty, listParties, type Party, type PartyInput, setPartyActive, updateParty } from "~/modules/parties/parties.server";
import { listSalesmen, type Salesman } from "~/modules/parties/salesmen.server";
import type { PartyKind } from "~/modules/parties/schema";
import { withTenant } from "~/modules/tenancy/context.server";
import { type Member, requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { actionFailure, rethrowAsResponse } from "./errors.server";
import { redirectWithFlash } from "./flash.server";
import { badRequest, readFormData } from "./form-responses.server";
import { formatMoney } from "./format";
import { formValues, parseForm, readQuery } from "./forms";
import { PARTY_PAGES } from "./party-pages";

/*
 * The loaders and actions of the customer and supplier pages (list, new, detail), one of each for both kinds;
 * the routes declare which kind they serve. A customer's page also offers its salesman.
 */

const SCHEMAS = {
  customer: { create: customerSchema, action: customerActionSchema },
  supplier: { create: supplierSchema, action: supplierActionSchema },
};

export interface PartyRow {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  /** A customer's salesman; null when unassigned, and for suppliers. */
  salesman: string | null;
  paymentTermsDays: number;
  isActive: boolean;
}

export async function partyListLoader({ request, params }: LoaderFunctionArgs, kind: PartyKind) {
  const page = PARTY_PAGES[kind];
  const member = await requireMember(request, params.org, page.read);
  const { query, ignored } = readQuery(request, partyListQuerySchema);
  const result = await withTenant(member.actor, (tx) => listParties(tx, kind, { search: query.q, status: query.status, page: query.page }));
  const rows: PartyRow[] = result.rows.map((party) => ({
    id: party.id,
    name: party.name,
    email: party.email,
    phone: party.phone,
    salesman: "assignedUserName" in party ? party.assignedUserName : null,
    paymentTermsDays: party.paymentTermsDays,
    isActive: party.isActive,
  }));
  return json({
    kind,
    [page.plural]: rows,
    total: result.total,
    page: result.page,
    pageCount: result.pageCount,
    ignored,
    scoped: kind === "customer" && member.dataScope === "assigned",
  } as Record<typeof page.plural, PartyRow[]> & { kind: PartyKind; total: number; page: number; pageCount: number; ignored: typeof ignored; scoped: boolean });
}

export async function newPartyLoader({ request, params }: LoaderFunctionArgs, kind: PartyKind) {
  const member = await requireMember(request, params.org, PARTY_PAGES[kind].write);
  // A salesman's customers are his own; only members who see every customer choose the salesman.
  const chooses = kind === "customer" && member.dataScope === "all";
  const salesmen = chooses ? await withTenant(member.actor, (tx) => listSalesmen(tx)) : null;
  return json({ kind, salesmen });
}

export async function newPartyAction({ request, params }: ActionFunctionArgs, kind: PartyKind) {
  const page = PARTY_PAGES[kind];
  const member = await requireMember(request, params.org, page.write);
  const formData = await readFormData(request);
  const parsed = parseForm(SCHEMAS[kind].create, formData);
  if (!parsed.ok) return badRequest(parsed);
  try {
    const party = await withTenant(member.actor, (tx) => createParty(tx, kind, parsed.data as PartyInput<typeof kind>));
    return redirectWithFlash(`/app/${member.organisation.slug}/${page.path}/${party.id}`, { kind: "success", message: `${page.Noun} ${party.name} created.` });
  } catch (error) {
    return actionFailure(error, formValues(formData));
  }
}

/** What a kind's page adds to the details, read in the same transaction (a customer's contacts, addresses, price list). */
export type PartyPageExtra<E> = (tx: Tx, party: Party<PartyKind>, member: Member) => Promise<E>;

/** A customer's or supplier's page: its details, its balance (the ledger's), and for a customer the salesmen to choose from. */
export async function partyDetailLoader<E = null>({ request, params }: LoaderFunctionArgs, kind: PartyKind, readExtra?: PartyPageExtra<E>) {
  const page = PARTY_PAGES[kind];
  const member = await requireMember(request, params.org, page.read);
  const id = params[page.param] ?? "";
  const assigns = kind === "customer" && member.dataScope === "all" && can(member.role, page.write);
  const { party, balance, salesmen, extra } = await withTenant(member.actor, async (tx) => {
    const found = await getParty(tx, kind, id);
    return {
      party: found,
      balance: await partyBalance(tx, kind, id),
      salesmen: assigns ? await listSalesmen(tx) : null,
      extra: readExtra ? await readExtra(tx, found, member) : (null as E),
    };
  }).catch(rethrowAsResponse);
  const assignedUserId = "assignedUserId" in party ? party.assignedUserId : null;
  const salesman = "assignedUserName" in party ? party.assignedUserName : null;
  // Keep a salesman who has since changed role selectable, so saving other changes does not unassign silently.
  if (salesmen && assignedUserId && !salesmen.some((s) => s.userId === assignedUserId)) {
    salesmen.push({ userId: assignedUserId, name: `${salesman ?? "Former member"} (no longer a salesman)`, email: "" } satisfies Salesman);
  }
  const stored = party as unknown as Record<string, string | null>;
  return json({
    kind,
    party: {
      id: party.id,
      name: party.name,
      details: Object.fromEntries(page.fields.map((field) => [field.name, stored[field.name] ?? ""])),
      paymentTermsDays: party.paymentTermsDays,
      assignedUserId: assignedUserId ?? "",
      salesman,
      isActive: party.isActive,
      createdAt: party.createdAt.toISOString(),
      updatedAt: party.updatedAt.toISOString(),
    },
    balance: formatMoney(balance, member.organisation.currency, member.organisation.locale),
    salesmen,
    extra,
  });
}

/** The detail page's own forms (details, deactivate, reactivate); `formData` when the route has read it already. */
export async function partyDetailAction({ request, params }: ActionFunctionArgs, kind: PartyKind, read?: FormData) {
  const page = PARTY_PAGES[kind];
  const member = await requireMember(request, params.org, page.write);
  const id = params[page.param] ?? "";
  const formData = read ?? (await readFormData(request));
  const parsed = parseForm(SCHEMAS[kind].action, formData);
  if (!parsed.ok) return badRequest(parsed);
  const input = parsed.data;
  const here = `/app/${member.organisation.slug}/${page.path}/${id}`;
  try {
    if (input.intent === "update") {
      const { intent: _intent, ...fields } = input;
      await withTenant(member.actor, (tx) => updateParty(tx, kind, id, fields as PartyInput<typeof kind>));
      return redirectWithFlash(here, { kind: "success", message: `${page.Noun} saved.` });
    }
    const party = await withTenant(member.actor, (tx) => setPartyActive(tx, kind, id, input.intent === "reactivate"));
    return redirectWithFlash(here, { kind: "success", message: `${party.name} is ${party.isActive ? "active again" : "now inactive"}.` });
  } catch (error) {
    return actionFailure(error, formValues(formData));
  }
}

/** The loaders and actions of one kind's pages, for its routes to export. */
function partyPages(kind: PartyKind) {
  return {
    listLoader: (args: LoaderFunctionArgs) => partyListLoader(args, kind),
    newLoader: (args: LoaderFunctionArgs) => newPartyLoader(args, kind),
    newAction: (args: ActionFunctionArgs) => newPartyAction(args, kind),
    detailLoader: (args: LoaderFunctionArgs) => partyDetailLoader(args, kind),
    detailAction: (args: ActionFunctionArgs) => partyDetailAction(args, kind),
  };
}

export const {
  listLoader: customerListLoader,
  newLoader: newCustomerLoader,
  newAction: newCustomerAction,
  detailLoader: customerDetailLoader,
  detailAction: customerDetailAction,
} = partyPages("customer");

export const {
  listLoader: supplierListLoader,
  newLoader: newSupplierLoader,
  newAction: newSupplierAction,
  detailLoader: supplierDetailLoader,
  detailAction: supplierDetailAction,
} = partyPages("supplier");
