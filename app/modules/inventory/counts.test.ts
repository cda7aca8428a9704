import { withTenant } from "~/modules/tenancy/context.server";
import { appRefusal } from "~/test/expect-refusal";
import { createOrganisationWithOwner } from "~/test/factories";
import { createStockCount, enterCountedQuantity, reviewStockCount } from "./counts.server";
import { createItem } from "./items.server";
import { inBaseUnit } from "./quantities";
import { defaultWarehouse } from "./warehouses.server";

describe("counted quantities in another unit", () => {
  it("are converted to the base unit exactly, and refused rather than rounded when they do not come out whole", async () => {
    const { actor } = await createOrganisationWithOwner();
    const { count, widget, flour } = await withTenant(actor, async (tx) => {
      const main = (await defaultWarehouse(tx))!;
      return {
        count: await createStockCount(tx, { warehouseId: main.id, countDate: "2026-03-10" }),
        widget: await createItem(tx, { sku: "W-1", name: "Widget", units: [{ unit: "box", factor: "12" }] }),
        flour: await createItem(tx, { sku: "FLOUR", name: "Flour", unit: "kg", unitDecimals: 6, units: [{ unit: "scoop", factor: "1.5" }] }),
      };
    });
    const enter = (itemId: string, counted: string, unit?: string) => withTenant(actor, (tx) => enterCountedQuantity(tx, count.id, { itemId, counted, unit }));
    // 2.25 boxes of 12 are 27 pieces.
    expect((await enter(widget.id, "2.25", "box")).countedMicro).toBe(27_000_000n);
    // A tenth of a box of 12 is 1.2 pieces, and a piece has no decimals.
    const half = await appRefusal(enter(widget.id, "0.1", "box"), 400);
    expect([half.field, half.reason]).toEqual(["counted", "too_many_decimals"]);
    // A millionth of a scoop of 1.5 kg is 1.5 millionths of a kilogram: not rounded down to 1, refused.
    const tiny = await appRefusal(enter(flour.id, "0.000001", "scoop"), 400);
    expect([tiny.field, tiny.reason]).toEqual(["counted", "too_many_decimals"]);
    expect((await enter(flour.id, "0.000002", "scoop")).countedMicro).toBe(3n);
    expect((await enter(flour.id, "12345.678901", "kg")).countedMicro).toBe(12_345_678_901n);
    expect((await appRefusal(enter(widget.id, "1", "crate"), 400)).reason).toBe("unknown_unit");
    // The refused entries wrote nothing: the lines hold what was accepted last.
    const review = await withTenant(actor, (tx) => reviewStockCount(tx, count.id));
    expect(review.lines.map((l) => [l.sku, l.countedMicro])).toEqual([
      ["FLOUR", 12_345_678_901n],
      ["W-1", 27_000_000n],
    ]);
  });

  it("inBaseUnit multiplies in bigint, beyond what a float holds exactly", () => {
    // 9,007,199.254741 boxes of 12: the product has more digits than a double keeps.
    expect(inBaseUnit(9_007_199_254_741n, 12_000_000n, { decimals: 6, field: "quantity", unit: "pcs" })).toBe(108_086_391_056_892n);
    expect(() => inBaseUnit(1n, 333_333n, { decimals: 6, field: "quantity", unit: "pcs" })).toThrow(/not a whole number of pcs/);
  });
});
