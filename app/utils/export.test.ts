import type { Tx } from "~/db.server";
import { type InTransaction, pagedRows } from "./export";

describe("paged rows", () => {
  it("reads a page at a time, each in a transaction of its own, only as far as the rows are taken", async () => {
    const all = Array.from({ length: 7 }, (_, i) => ({ id: i + 1 }));
    const transactions: number[] = [];
    const inTransaction: InTransaction = async (work) => {
      transactions.push(transactions.length + 1);
      return work({} as Tx);
    };
    const asked: Array<number | null> = [];
    const readPage = async (_tx: Tx, after: number | null, limit: number) => {
      asked.push(after);
      return all.filter((row) => after === null || row.id > after).slice(0, limit);
    };
    const rows = pagedRows(inTransaction, readPage, (row) => row.id, 3);
    const first = await rows.next();
    expect(first.value).toEqual({ id: 1 });
    expect(asked).toEqual([null]);

    const rest = [];
    for await (const row of rows) rest.push(row.id);
    expect(rest).toEqual([2, 3, 4, 5, 6, 7]);
    // Pages after 3 and after 6; the third page is short, so it is the last.
    expect(asked).toEqual([null, 3, 6]);
    expect(transactions).toEqual([1, 2, 3]);
  });

  it("asks once more after a full last page, and stops on the empty one", async () => {
    const asked: Array<number | null> = [];
    const rows = pagedRows(
      (work) => work({} as Tx),
      async (_tx, after: number | null) => {
        asked.push(after);
        return after === null ? [{ id: 1 }, { id: 2 }] : [];
      },
      (row) => row.id,
      2,
    );
    const ids = [];
    for await (const row of rows) ids.push(row.id);
    expect(ids).toEqual([1, 2]);
    expect(asked).toEqual([null, 2]);
  });
});
