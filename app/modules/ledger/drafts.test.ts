import { eq } from "drizzle-orm";
import type { Tx } from "~/db.server";
import { auditEvents } from "~/modules/audit/schema";
import { withTenant } from "~/modules/tenancy/context.server";
import { createParty } from "~/modules/parties/parties.server";
import { formErrorsOf } from "~/utils/errors.server";
import { createOrganisationWithOwner } from "~/test/factories";
import { CHART_TEMPLATE, findAccountByRole, listAccounts } from "./accounts.server";
import {
  createDraft,
  deleteDraft,
  getDraft,
  getEntryDetail,
  ledgerSummary,
  listDrafts,
  listJournalEntries,
  listPeriodRows,
  postDraft,
  postManualEntry,
  updateDraft,
} from "./drafts.server";
import { appRefusal } from "~/test/expect-refusal";
import { amountTotals, editLines, entryCursor, entryFormSchema, linesFromValues } from "./forms";
import { lockPeriod } from "./periods.server";
import { reverse } from "./posting.server";
import { journalDrafts, journalEntries, journalLines } from "./schema";

async function setup() {
  const org = await createOrganisationWithOwner();
  const { cash, bank, rent, receivable } = await withTenant(org.actor, async (tx) => {
    const all = await listAccounts(tx);
    return {
      cash: (await findAccountByRole(tx, "cash"))!,
      bank: (await findAccountByRole(tx, "bank"))!,
      receivable: (await findAccountByRole(tx, "receivable"))!,
      rent: all.find((a) => a.code === "6200")!,
    };
  });
  return { ...org, cash, bank, rent, receivable };
}

async function auditActions(actor: Awaited<ReturnType<typeof setup>>["actor"], entityId: string) {
  const events = await withTenant(actor, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.entityId, entityId)).orderBy(auditEvents.id));
  return events.map((e) => e.action);
}

describe("journal drafts", () => {
  it("saves an unbalanced, incomplete draft with its amounts normalised and blank lines dropped", async () => {
    const { actor, rent, cash } = await setup();
    const draft = await withTenant(actor, (tx) =>
      createDraft(tx, {
        entryDate: "2026-03-31",
        memo: "  March rent  ",
        lines: [
          { accountId: rent.id, debit: "1,500.5", description: " Office " },
          { accountId: "", partyId: "", debit: "", credit: "", description: "" },
          { accountId: cash.id, credit: "1000" },
          { accountId: "", credit: "12" },
        ],
      }),
    );
    expect(draft.memo).toBe("March rent");
    expect(draft.lines).toEqual([
      { accountId: rent.id, partyId: null, debit: "1500.50", description: "Office" },
      { accountId: cash.id, partyId: null, credit: "1000.00" },
      { accountId: "", partyId: null, credit: "12.00" },
    ]);
    const stored = await withTenant(actor, (tx) => getDraft(tx, draft.id));
    expect(stored.lines).toEqual(draft.lines);
    expect(stored.entryDate).toBe("2026-03-31");
    const [summary] = await withTenant(actor, (tx) => listDrafts(tx));
    expect(summary).toMatchObject({ id: draft.id, lineCount: 3, debitMinor: 150050n, creditMinor: 101200n });
    expect(await auditActions(actor, draft.id)).toEqual(["ledger.draft_created"]);
  });

  it("reports every field-level problem beside its line and saves nothing", async () => {
    const a = await setup();
    const b = await setup();
    const refusal = await appRefusal(
      withTenant(a.actor, (tx) =>
        createDraft(tx, {
          entryDate: "2026-03-31",
          memo: "",
          lines: [
            { accountId: a.rent.id, debit: "twelve" },
            { accountId: b.cash.id, credit: "5" },
            { accountId: a.cash.id, credit: "-5" },
            { accountId: a.bank.id, credit: "1.234" },
          ],
        }),
      ),
    );
    expect(refusal.cause).toBeInstanceOf(AggregateError);
    expect(refusal.status).toBe(400);
    const { errors, formError } = formErrorsOf(refusal);
    expect(formError).toBeUndefined();
    expect(Object.keys(errors).sort()).toEqual(["lines.0.debit", "lines.1.accountId", "lines.2.credit", "lines.3.credit"]);
    expect(errors["lines.0.debit"]).toMatch(/^Line 1: "twelve" is not an amount/);
    expect(errors["lines.1.accountId"]).toBe("Line 2: that account does not exist in this organisation.");
    expect(errors["lines.3.credit"]).toBe("Line 4: EUR amounts have at most 2 decimals.");
    expect(await withTenant(a.actor, (tx) => tx.select().from(journalDrafts))).toEqual([]);

    const badDate = await appRefusal(withTenant(a.actor, (tx) => createDraft(tx, { entryDate: "2026-02-30", memo: "", lines: [] })));
    expect([badDate.reason, badDate.field]).toEqual(["invalid_date", "entryDate"]);
  });

  it("updates a draft, auditing only real changes, and deletes it", async () => {
    const { actor, rent, cash } = await setup();
    const draft = await withTenant(actor, (tx) => createDraft(tx, { entryDate: "2026-04-01", memo: "Rent", lines: [{ accountId: rent.id, debit: "10" }] }));
    const input = { entryDate: "2026-04-02", memo: "Rent April", lines: [{ accountId: rent.id, debit: "10" }, { accountId: cash.id, credit: "10" }] };
    const updated = await withTenant(actor, (tx) => updateDraft(tx, draft.id, input));
    expect(updated).toMatchObject({ entryDate: "2026-04-02", memo: "Rent April" });
    expect(updated.lines).toHaveLength(2);
    await withTenant(actor, (tx) => updateDraft(tx, draft.id, input));
    expect(await auditActions(actor, draft.id)).toEqual(["ledger.draft_created", "ledger.draft_updated"]);

    await withTenant(actor, (tx) => deleteDraft(tx, draft.id));
    expect(await withTenant(actor, (tx) => listDrafts(tx))).toEqual([]);
    expect(await auditActions(actor, draft.id)).toEqual(["ledger.draft_created", "ledger.draft_updated", "ledger.draft_deleted"]);
    expect((await appRefusal(withTenant(actor, (tx) => getDraft(tx, draft.id)))).status).toBe(404);
  });

  it("posts a balanced draft as a numbered manual entry and removes the draft in the same transaction", async () => {
    const { actor, rent, cash, bank } = await setup();
    const draft = await withTenant(actor, (tx) =>
      createDraft(tx, {
        entryDate: "2026-05-31",
        memo: "May rent",
        lines: [
          { accountId: rent.id, debit: "500", description: "Shop" },
          { accountId: cash.id, credit: "300" },
          { accountId: bank.id, credit: "200" },
        ],
      }),
    );
    const entry = await withTenant(actor, (tx) => postDraft(tx, draft.id));
    expect(entry).toMatchObject({ number: "JE-2026-000001", entryDate: "2026-05-31", totalMinor: 50000n, currency: "EUR" });
    const [posted] = await withTenant(actor, (tx) => tx.select().from(journalEntries).where(eq(journalEntries.id, entry.id)));
    expect(posted).toMatchObject({ sourceType: "manual", memo: "May rent" });
    const lines = await withTenant(actor, (tx) => tx.select().from(journalLines).where(eq(journalLines.entryId, entry.id)).orderBy(journalLines.lineNo));
    expect(lines.map((l) => [l.accountId, l.debitMinor, l.creditMinor, l.description])).toEqual([
      [rent.id, 50000n, 0n, "Shop"],
      [cash.id, 0n, 30000n, null],
      [bank.id, 0n, 20000n, null],
    ]);
    expect(await withTenant(actor, (tx) => tx.select().from(journalDrafts))).toEqual([]);
    expect(await auditActions(actor, draft.id)).toEqual(["ledger.draft_created", "ledger.draft_posted"]);
    expect(await auditActions(actor, entry.id)).toEqual(["ledger.entry_posted"]);
    expect((await appRefusal(withTenant(actor, (tx) => postDraft(tx, draft.id)))).reason).toBe("unknown_draft");
  });

  it("refuses to post an unbalanced or incomplete draft and keeps it unchanged", async () => {
    const { actor, rent, cash } = await setup();
    const draft = await withTenant(actor, (tx) =>
      createDraft(tx, { entryDate: "2026-05-31", memo: "x", lines: [{ accountId: rent.id, debit: "500" }, { accountId: cash.id, credit: "400" }] }),
    );
    const unbalanced = await appRefusal(withTenant(actor, (tx) => postDraft(tx, draft.id)));
    expect(unbalanced.reason).toBe("unbalanced");
    expect(unbalanced.status).toBe(400);
    expect(unbalanced.message).toBe("Debits exceed credits by 100.00 EUR: the entry must balance.");
    expect(formErrorsOf(unbalanced).errors).toEqual({ lines: unbalanced.message });
    expect(await withTenant(actor, (tx) => getDraft(tx, draft.id))).toEqual(draft);
    expect(await withTenant(actor, (tx) => tx.select().from(journalEntries))).toEqual([]);

    // A line without an account is fine in a draft, not in the books.
    await withTenant(actor, (tx) => updateDraft(tx, draft.id, { ...draft, lines: [{ accountId: rent.id, debit: "500" }, { accountId: "", credit: "500" }] }));
    const incomplete = await appRefusal(withTenant(actor, (tx) => postDraft(tx, draft.id)));
    expect(formErrorsOf(incomplete).errors).toEqual({ "lines.1.accountId": "Line 2: choose an account." });
    expect((await withTenant(actor, (tx) => getDraft(tx, draft.id))).lines[1]).toEqual({ accountId: "", partyId: null, credit: "500.00" });
  });

  it("applies every posting rule: a receivable needs a customer, a locked period refuses", async () => {
    const { actor, receivable, cash } = await setup();
    const party = await appRefusal(
      withTenant(actor, (tx) =>
        postManualEntry(tx, { entryDate: "2026-06-10", memo: "", lines: [{ accountId: cash.id, debit: "5" }, { accountId: receivable.id, credit: "5" }] }),
      ),
    );
    expect([party.reason, party.field, party.message]).toEqual(["party_required", "lines.1", "Line 2: 1300 Accounts receivable needs a customer."]);

    await withTenant(actor, (tx) => lockPeriod(tx, "2026-06-01", actor.userId));
    const draft = await withTenant(actor, (tx) =>
      createDraft(tx, { entryDate: "2026-06-10", memo: "", lines: [{ accountId: cash.id, debit: "5" }, { accountId: cash.id, credit: "5" }] }),
    );
    const locked = await appRefusal(withTenant(actor, (tx) => postDraft(tx, draft.id)));
    expect([locked.reason, locked.status, locked.field]).toEqual(["period_locked", 409, "entryDate"]);
    expect(locked.message).toContain("The period 2026-06 is locked");
    expect(await withTenant(actor, (tx) => listDrafts(tx))).toHaveLength(1);
  });

  it("refuses, when saving, a customer or supplier of another organisation, beside the line's field", async () => {
    const a = await setup();
    const b = await setup();
    const { theirCustomer, theirSupplier } = await withTenant(b.actor, async (tx) => ({
      theirCustomer: await createParty(tx, "customer", { name: "B's customer", email: null, phone: null, taxId: null, billingAddress: null, paymentTermsDays: 30 }),
      theirSupplier: await createParty(tx, "supplier", { name: "B's supplier", email: null, phone: null, taxId: null, address: null, paymentTermsDays: 30 }),
    }));
    const ours = await withTenant(a.actor, (tx) =>
      createParty(tx, "customer", { name: "A's customer", email: null, phone: null, taxId: null, billingAddress: null, paymentTermsDays: 30 }),
    );
    const lines = (partyId: string) => [
      { accountId: a.receivable.id, partyId: ours.id, debit: "10" },
      { accountId: a.cash.id, partyId, credit: "10" },
    ];
    const message = "Line 2: that customer or supplier does not exist in this organisation.";
    for (const partyId of [theirCustomer.id, theirSupplier.id]) {
      const created = await appRefusal(withTenant(a.actor, (tx) => createDraft(tx, { entryDate: "2026-03-01", memo: "", lines: lines(partyId) })));
      expect(formErrorsOf(created)).toEqual({ errors: { "lines.1.partyId": message }, formError: undefined });
    }
    const draft = await withTenant(a.actor, (tx) => createDraft(tx, { entryDate: "2026-03-01", memo: "Ours", lines: lines(ours.id) }));
    const updated = await appRefusal(withTenant(a.actor, (tx) => updateDraft(tx, draft.id, { entryDate: "2026-03-01", memo: "Theirs", lines: lines(theirCustomer.id) })));
    expect([updated.status, updated.field, updated.message]).toEqual([400, "lines.1.partyId", message]);
    expect(await withTenant(a.actor, (tx) => getDraft(tx, draft.id))).toMatchObject({ memo: "Ours", lines: [{ partyId: ours.id }, { partyId: ours.id }] });
    expect(await withTenant(a.actor, (tx) => listDrafts(tx))).toHaveLength(1);
  });

  it("answers 404 for another organisation's draft, whatever the operation", async () => {
    const a = await setup();
    const b = await setup();
    const draft = await withTenant(a.actor, (tx) => createDraft(tx, { entryDate: "2026-03-01", memo: "A's", lines: [{ accountId: a.cash.id, debit: "1" }] }));
    const input = { entryDate: "2026-03-01", memo: "stolen", lines: [{ accountId: b.cash.id, debit: "1" }, { accountId: b.rent.id, credit: "1" }] };
    const attempts: Array<(tx: Tx) => Promise<unknown>> = [
      (tx) => getDraft(tx, draft.id),
      (tx) => updateDraft(tx, draft.id, input),
      (tx) => deleteDraft(tx, draft.id),
      (tx) => postDraft(tx, draft.id),
      (tx) => getDraft(tx, "not-a-uuid"),
    ];
    for (const attempt of attempts) {
      const refusal = await appRefusal(withTenant(b.actor, attempt));
      expect([refusal.reason, refusal.status]).toEqual(["unknown_draft", 404]);
    }
    expect(await withTenant(b.actor, (tx) => listDrafts(tx))).toEqual([]);
    expect(await withTenant(a.actor, (tx) => getDraft(tx, draft.id))).toMatchObject({ memo: "A's" });
    expect(await withTenant(b.actor, (tx) => tx.select().from(journalEntries))).toEqual([]);
  });
});

describe("reading the journal", () => {
  it("lists entries newest first a page at a time, filtered by date and number", async () => {
    const { actor, rent, cash } = await setup();
    const dates = ["2026-01-05", "2026-01-20", "2026-02-03", "2026-02-03", "2026-03-15"];
    for (const [i, entryDate] of dates.entries()) {
      await withTenant(actor, (tx) =>
        postManualEntry(tx, { entryDate, memo: `Entry ${i + 1}`, lines: [{ accountId: rent.id, debit: `${i + 1}` }, { accountId: cash.id, credit: `${i + 1}` }] }),
      );
    }
    const first = await withTenant(actor, (tx) => listJournalEntries(tx, { limit: 2 }));
    expect(first.entries.map((e) => e.number)).toEqual(["JE-2026-000005", "JE-2026-000004"]);
    expect(first.hasMore).toBe(true);
    const second = await withTenant(actor, (tx) => listJournalEntries(tx, { limit: 2, before: entryCursor(first.entries[1]) }));
    expect(second.entries.map((e) => e.number)).toEqual(["JE-2026-000003", "JE-2026-000002"]);
    const third = await withTenant(actor, (tx) => listJournalEntries(tx, { limit: 2, before: entryCursor(second.entries[1]) }));
    expect(third.entries.map((e) => e.number)).toEqual(["JE-2026-000001"]);
    expect(third.hasMore).toBe(false);

    const february = await withTenant(actor, (tx) => listJournalEntries(tx, { from: "2026-02-01", to: "2026-02-28" }));
    expect(february.entries.map((e) => [e.number, e.totalMinor])).toEqual([
      ["JE-2026-000004", 400n],
      ["JE-2026-000003", 300n],
    ]);
    const byNumber = await withTenant(actor, (tx) => listJournalEntries(tx, { number: "je-2026-000002" }));
    expect(byNumber.entries.map((e) => e.memo)).toEqual(["Entry 2"]);
  });

  it("shows an entry with names and its reversal links both ways", async () => {
    const { actor, rent, cash } = await setup();
    const original = await withTenant(actor, (tx) =>
      postManualEntry(tx, { entryDate: "2026-07-01", memo: "Rent", lines: [{ accountId: rent.id, debit: "50" }, { accountId: cash.id, credit: "50" }] }),
    );
    const reversal = await withTenant(actor, (tx) => reverse(tx, original.id, { entryDate: "2026-07-02" }));
    const detail = await withTenant(actor, (tx) => getEntryDetail(tx, original.id));
    expect(detail.lines.map((l) => [l.accountCode, l.accountName, l.debitMinor, l.creditMinor])).toEqual([
      ["6200", "Rent", 5000n, 0n],
      ["1100", "Cash", 0n, 5000n],
    ]);
    expect(detail.reversedBy).toEqual({ id: reversal.id, number: "JE-2026-000002" });
    expect(detail.postedBy).toBe("Olivia Owner");
    const back = await withTenant(actor, (tx) => getEntryDetail(tx, reversal.id));
    expect(back.reverses).toEqual({ id: original.id, number: "JE-2026-000001" });
    expect(back.reversedBy).toBeNull();

    const summary = await withTenant(actor, (tx) => ledgerSummary(tx, "2026-07-20"));
    expect(summary).toEqual({ postedThisMonth: 2, openDrafts: 0, accounts: CHART_TEMPLATE.length, currentPeriodLocked: false });
  });

  it("lists the current and previous 12 months plus any other month with a period", async () => {
    const { actor } = await setup();
    await withTenant(actor, (tx) => lockPeriod(tx, "2024-01-01", actor.userId));
    const rows = await withTenant(actor, (tx) => listPeriodRows(tx, "2026-03-10"));
    expect(rows).toHaveLength(14);
    expect(rows[0]).toMatchObject({ startDate: "2026-03-01", endDate: "2026-03-31", status: "open", exists: false });
    expect(rows[12].startDate).toBe("2025-03-01");
    expect(rows[13]).toMatchObject({ startDate: "2024-01-01", status: "locked", exists: true });
  });
});

describe("the entry form's helpers", () => {
  it("adds exactly, in minor units, and counts what is not an amount", () => {
    const lines = [{ debit: "0.1" }, { debit: "0.2" }, { credit: "0.3" }, { debit: "9007199254740993.01" }, { credit: "abc" }, { credit: "-1" }];
    expect(amountTotals(lines, "EUR")).toEqual({ debit: 900719925474099331n, credit: 30n, difference: 900719925474099301n, invalid: 2 });
    expect(amountTotals([{ debit: "1.5" }], "JPY").invalid).toBe(1);
  });

  it("adds and removes lines keeping every typed value, and leaves other intents alone", () => {
    const values = {
      intent: "remove-line:1",
      entryDate: "2026-03-01",
      memo: "m",
      "lines.0.accountId": "a",
      "lines.0.debit": "5",
      "lines.1.accountId": "b",
      "lines.2.accountId": "c",
      "lines.2.credit": "5",
    };
    const removed = editLines(values, values.intent)!;
    expect(removed.intent).toBeUndefined();
    expect([removed.entryDate, removed.memo]).toEqual(["2026-03-01", "m"]);
    expect(linesFromValues(removed).map((l) => [l.accountId, l.debit, l.credit])).toEqual([
      ["a", "5", ""],
      ["c", "", "5"],
    ]);
    const added = editLines(removed, "add-line")!;
    expect(linesFromValues(added)).toHaveLength(3);
    expect(added["lines.2.accountId"]).toBe("");
    const refreshed = editLines(values, "refresh")!;
    expect(linesFromValues(refreshed)).toHaveLength(3);
    expect(editLines(values, "remove-line:9")).toEqual(refreshed);
    expect(editLines(values, "post")).toBeNull();
  });

  it("parses the flat form into the header and its non-blank lines", () => {
    const parsed = entryFormSchema.safeParse({
      intent: "post",
      entryDate: "2026-03-01",
      memo: " rent ",
      "lines.0.accountId": "a",
      "lines.0.debit": " 5 ",
      "lines.1.accountId": "",
      "lines.1.debit": "",
      "lines.2.credit": "5",
    });
    expect(parsed.success && parsed.data).toEqual({
      intent: "post",
      entryDate: "2026-03-01",
      memo: "rent",
      lines: [
        { accountId: "a", partyId: "", debit: "5", credit: "", description: "" },
        { accountId: "", partyId: "", debit: "", credit: "5", description: "" },
      ],
    });
    expect(entryFormSchema.safeParse({ intent: "post", entryDate: "2026-02-30" }).success).toBe(false);
  });
});
