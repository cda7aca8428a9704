import { defineDataMap, erase, NOT_PERSONAL, personal } from "~/modules/platform/data-map";
import { erasurePlan } from "./personal-data.server";

const [lines, contacts] = defineDataMap("test", "tenant", [
  {
    table: "document_lines",
    purpose: "what a posted document sold",
    legalBasis: "contract",
    retention: "with its document",
    key: ["tenant_id", "id"],
    immutable: true,
    locate: [{ by: "reference", column: "document_id", table: "documents" }],
    columns: { tenant_id: NOT_PERSONAL, id: NOT_PERSONAL, document_id: NOT_PERSONAL, net_minor: NOT_PERSONAL },
  },
  {
    table: "contacts",
    purpose: "reaching a customer's people",
    legalBasis: "contract",
    retention: "while the customer buys",
    key: ["tenant_id", "id"],
    locate: [{ by: "email", column: "email" }],
    columns: { tenant_id: NOT_PERSONAL, id: NOT_PERSONAL, email: personal("contact", "customer", erase.delete) },
  },
]);

describe("erasurePlan", () => {
  it("keeps a row with nothing personal of its own (a posted invoice's lines) instead of deleting it, and deletes a row whose personal data all goes", () => {
    const plan = erasurePlan(
      [
        { table: "document_lines", map: lines, rows: [{ tenant_id: "t", id: "l1", document_id: "d1", net_minor: "100" }] },
        { table: "contacts", map: contacts, rows: [{ tenant_id: "t", id: "c1", email: "a@example.test" }] },
      ],
      10,
      new Date("2026-12-03T00:00:00Z"),
    );
    expect(plan.map((p) => [p.table, p.action])).toEqual([
      ["document_lines", "keep"],
      ["contacts", "delete"],
    ]);
  });
});
