/**
 * The inventory benchmark (issue 9): one tenant with 100,000 items in 5 warehouses and 2,000,000 stock moves,
 * generated in bulk with SQL (not through the posting path), then measured through the real module code: issue
 * throughput with 16 connections spread over 1,000 items and on one item, the balance and history pages at any
 * depth, stock as at a past date, and 50 buyers of one unit each for 10 in stock.
 */
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { openDatabase, queryRow, queryRows, setDatabase, type DatabaseHandle, type Tx } from "../../app/db.server";
import { encodeCursor } from "../../app/modules/inventory/cursor";
import { createItem } from "../../app/modules/inventory/items.server";
import { issueStock, receiveStock } from "../../app/modules/inventory/stock.server";
import { itemHistory, listBalances, listMoves, stockAsOf, warehouseTotalsAsOf } from "../../app/modules/inventory/stock-reports.server";
import { createMainWarehouse, createWarehouse, listWarehouses } from "../../app/modules/inventory/warehouses.server";
import { seedChartOfAccounts } from "../../app/modules/ledger/accounts.server";
import { type TenantActor, withTenant } from "../../app/modules/tenancy/context.server";
import { tenants } from "../../app/modules/tenancy/schema";
import { isSuperuser, type BenchDatabase } from "./database";
import { medianMs, seconds, seededRandom, timed } from "./measure";

export interface InventoryFigures {
  bench: "inventory";
  issues_per_s_spread: number;
  issues_per_s_one_item: number;
  balance_page_ms_max: number;
  history_page_ms_max: number;
  contention_succeeded: number;
  contention_stock: number;
  min_balance_seen: number;
  as_of_ms: number;
}

const WAREHOUSES = 5;
const MOVES_PER_PAIR = 4;
const WORKERS = 16;
const BUYERS = 50;
const CONTENTION_STOCK = 10;
/** The generated moves fall in 2024-01 .. 2025-11; the measured issues are dated after them. */
const FIRST_DAY = "2024-01-01";
const ISSUE_DATE = "2025-12-20";
const AS_OF = "2025-06-15";

export function inventoryScale(quick: boolean) {
  const divisor = quick ? 100 : 1;
  const items = 100_000 / divisor;
  return { items, moves: items * WAREHOUSES * MOVES_PER_PAIR, spreadItems: Math.min(1000, items), spreadIssues: quick ? 200 : 3000, oneItemIssues: quick ? 100 : 1500 };
}

function systemActor(tenantId: string): TenantActor {
  return { tenantId, userId: null, dataScope: "all", role: "owner" };
}

/** Pseudo-random non-negative int from a bigint key, the same on every run. */
const h = (key: string) => `(hashint8(${key}) & 2147483647)`;

/**
 * Items, and per item and warehouse four moves (receipt 100, issue 30, receipt 50, issue 20, about six months
 * apart) at the item's cost, with their balances, month balances and warehouse months, in set-based statements
 * as the owner with triggers off. Values are at a constant cost per item, so moving average and balances agree.
 */
async function generateStock(handle: DatabaseHandle, tenantId: string, items: number) {
  await handle.db.transaction(async (tx) => {
    const run = (statement: string) => tx.execute(sql.raw(statement));
    await run("set local session_replication_role = replica");
    await run("set local work_mem = '256MB'");
    await run(`insert into items (tenant_id, id, sku, name, unit, unit_decimals, sale_price_minor, cost_minor, tax_rate_bp, reorder_level_micro, reorder_qty_micro, category)
      select '${tenantId}'::uuid, gen_random_uuid(), 'SKU-' || lpad(g::text, 6, '0'), 'Item ' || g, 'pcs', 0, 200 + ${h("g")} % 1800,
        100 + ${h("g + 7")} % 900, 2000, case when g % 10 = 0 then 110000000 end, case when g % 10 = 0 then 50000000 end, 'Category ' || (g % 40)
      from generate_series(1, ${items}) g`);
    await run(`create temp table bench_pairs on commit drop as
      select i.id as item_id, i.cost_minor as cost, w.id as warehouse_id, row_number() over (order by i.sku, w.code) as n
      from items i cross join warehouses w where i.tenant_id = '${tenantId}' and w.tenant_id = '${tenantId}'`);
    // k = 1..4: +100, -30, +50, -20 units; quantity after 100, 70, 120, 100.
    await run(`insert into stock_moves (tenant_id, id, item_id, warehouse_id, kind, qty_micro, unit_cost_minor, value_minor, qty_after_micro,
        value_after_minor, source_type, source_id, move_date, posted_at)
      select '${tenantId}'::uuid, gen_random_uuid(), p.item_id, p.warehouse_id, case when k % 2 = 1 then 'receipt' else 'issue' end,
        q.qty * 1000000, p.cost, q.qty * p.cost, q.after * 1000000, q.after * p.cost, 'bench', p.n::text, d.day,
        d.day + make_interval(secs => (${h("p.n * 4 + k")} % 86000)::double precision)
      from bench_pairs p
      cross join generate_series(1, ${MOVES_PER_PAIR}) k
      cross join lateral (select (array[100, -30, 50, -20])[k] as qty, (array[100, 70, 120, 100])[k] as after) q
      cross join lateral (select date '${FIRST_DAY}' + ((k - 1) * 180 + ${h("p.n")} % 150) as day) d`);
    await run(`insert into stock_balances (tenant_id, item_id, warehouse_id, on_hand_micro, reserved_micro, value_minor)
      select '${tenantId}'::uuid, item_id, warehouse_id, 100000000, 0, 100 * cost from bench_pairs`);
    await run(`insert into stock_month_balances (tenant_id, item_id, warehouse_id, month, qty_in_micro, qty_out_micro, value_in_minor, value_out_minor)
      select tenant_id, item_id, warehouse_id, date_trunc('month', move_date)::date,
        sum(greatest(qty_micro, 0)), sum(greatest(-qty_micro, 0)), sum(greatest(value_minor, 0)), sum(greatest(-value_minor, 0))
      from stock_moves where tenant_id = '${tenantId}' group by 1, 2, 3, 4`);
    await run(`insert into stock_warehouse_months (tenant_id, warehouse_id, month, qty_micro, value_minor, day_qty, day_value)
      select tenant_id, warehouse_id, date_trunc('month', move_date)::date, sum(qty_micro), sum(value_minor),
        folio_day_amounts(array_agg(extract(day from move_date)::int), array_agg(qty_micro)),
        folio_day_amounts(array_agg(extract(day from move_date)::int), array_agg(value_minor))
      from stock_moves where tenant_id = '${tenantId}' group by 1, 2, 3`);
  });
}

/** What the generation wrote must be what the module would have kept: counts, and balances equal to the moves' sums. */
async function verifyStock(handle: DatabaseHandle, tenantId: string) {
  const row = await queryRow<{ items: number; moves: number; pairs: number; off_balances: number; off_months: number; off_warehouses: number }>(
    handle.db,
    sql`select (select count(*)::int from items where tenant_id = ${tenantId}) as items,
      (select count(*)::int from stock_moves where tenant_id = ${tenantId}) as moves,
      (select count(*)::int from stock_balances where tenant_id = ${tenantId}) as pairs,
      (select count(*)::int from stock_balances b
        left join (select item_id, warehouse_id, sum(qty_micro) as q, sum(value_minor) as v from stock_moves where tenant_id = ${tenantId} group by 1, 2) m
          on m.item_id = b.item_id and m.warehouse_id = b.warehouse_id
        where b.tenant_id = ${tenantId} and (m.q is distinct from b.on_hand_micro or m.v is distinct from b.value_minor)) as off_balances,
      (select count(*)::int from (select item_id, warehouse_id, sum(qty_in_micro - qty_out_micro) as q from stock_month_balances where tenant_id = ${tenantId} group by 1, 2) s
        join stock_balances b on b.tenant_id = ${tenantId} and b.item_id = s.item_id and b.warehouse_id = s.warehouse_id where s.q <> b.on_hand_micro) as off_months,
      (select count(*)::int from stock_warehouse_months where tenant_id = ${tenantId} and value_minor <> (select coalesce(sum(x), 0) from unnest(day_value) x)) as off_warehouses`,
  );
  return row!;
}

/** Issues per second of `count` issues of one unit by `workers` connections, each in its own transaction. */
async function measureIssues(actor: TenantActor, count: number, pick: (i: number) => { itemId: string; warehouseId: string }, workers: number) {
  let next = 0;
  let refused = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const { itemId, warehouseId } = pick(i);
      try {
        await withTenant(actor, (tx) => issueStock(tx, { itemId, warehouseId, quantity: "1", date: ISSUE_DATE, source: { type: "bench", id: String(i) } }));
      } catch (error) {
        if ((error as { reason?: string }).reason !== "insufficient_stock") throw error;
        refused += 1;
      }
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: workers }, worker));
  const ms = performance.now() - start;
  if (refused) throw new Error(`${refused} of the measured issues were refused for lack of stock: the bench's stock is too small`);
  return Math.round((count / ms) * 1000);
}

function pageMs(actor: TenantActor, read: (tx: Tx) => Promise<unknown>): Promise<number> {
  return medianMs(async () => {
    const start = performance.now();
    await withTenant(actor, read);
    return performance.now() - start;
  });
}

export async function runInventoryBench(database: BenchDatabase, options: { quick: boolean; log: (line: string) => void }): Promise<{ figures: InventoryFigures; budgetLines: string[] }> {
  const { handle } = database;
  const { quick, log } = options;
  const scale = inventoryScale(quick);
  if (!(await isSuperuser(handle))) throw new Error("The inventory benchmark generates its data as a superuser (session_replication_role = replica): connect DATABASE_URL as one.");
  log(`Scale: ${quick ? "quick (1/100)" : "full"}: ${scale.items.toLocaleString("en")} items in ${WAREHOUSES} warehouses, ${scale.moves.toLocaleString("en")} moves in one tenant`);

  const setup = await timed(async () => {
    const [tenant] = await handle.db.insert(tenants).values({ name: "Bench Inventory Wholesale", slug: "bench-inventory", currency: "EUR", timeZone: "UTC", locale: "en-GB" }).returning({ id: tenants.id });
    const actor = systemActor(tenant.id);
    await withTenant(actor, async (tx) => {
      await seedChartOfAccounts(tx);
      await createMainWarehouse(tx);
      for (let i = 2; i <= WAREHOUSES; i++) await createWarehouse(tx, { code: `WH${i}`, name: `Warehouse ${i}` });
    });
    return actor;
  });
  const actor = setup.result;
  log(`Created the tenant, its chart of accounts and ${WAREHOUSES} warehouses in ${seconds(setup.ms)}`);

  const generation = await timed(() => generateStock(handle, actor.tenantId, scale.items));
  log(`Generated items, moves, balances, month balances and warehouse months (triggers off) in ${seconds(generation.ms)}`);
  const verification = await timed(() => verifyStock(handle, actor.tenantId));
  const v = verification.result;
  log(`Verified in ${seconds(verification.ms)}: ${v.items.toLocaleString("en")} items, ${v.moves.toLocaleString("en")} moves, ${v.pairs.toLocaleString("en")} balances; ${v.off_balances} balances, ${v.off_months} month sums and ${v.off_warehouses} warehouse months out of step with the moves`);
  if (v.items !== scale.items || v.moves !== scale.moves || v.off_balances || v.off_months || v.off_warehouses) throw new Error("the generated stock is not valid; see the verification line above");
  const analyse = await timed(() => handle.db.execute(sql`vacuum analyze`));
  log(`VACUUM ANALYZE in ${seconds(analyse.ms)}`);
  if (handle.kind === "postgres") await handle.db.execute(sql`checkpoint`);

  const warehouses = await withTenant(actor, (tx) => listWarehouses(tx));
  const spreadItems = (
    await withTenant(actor, (tx) => queryRows<{ id: string }>(tx, sql`select id from items order by sku limit ${scale.spreadItems}`))
  ).map((r) => r.id);

  // Warm-up: plans, caches, compiled code.
  await measureIssues(actor, 20, (i) => ({ itemId: spreadItems[i % spreadItems.length], warehouseId: warehouses[i % WAREHOUSES].id }), 4);
  const random = seededRandom(9);
  const spreadPicks = Array.from({ length: scale.spreadIssues }, () => ({ itemId: spreadItems[random.below(spreadItems.length)], warehouseId: warehouses[random.below(WAREHOUSES)].id }));
  const spreadRate = await measureIssues(actor, scale.spreadIssues, (i) => spreadPicks[i], WORKERS);
  log(`Issues spread over ${spreadItems.length.toLocaleString("en")} items and ${WAREHOUSES} warehouses by ${WORKERS} connections: ${spreadRate} issues/s (${scale.spreadIssues} issues, each with its move, balance, ledger posting and audit event)`);

  const hot = await withTenant(actor, async (tx) => {
    const item = await createItem(tx, { sku: "HOT-1", name: "The item everyone sells", costMinor: 250n });
    await receiveStock(tx, { itemId: item.id, warehouseId: warehouses[0].id, quantity: String(scale.oneItemIssues + 100), unitCostMinor: 250n, date: "2025-12-01" });
    return item;
  });
  const oneRate = await measureIssues(actor, scale.oneItemIssues, () => ({ itemId: hot.id, warehouseId: warehouses[0].id }), WORKERS);
  log(`Issues of one item in one warehouse by ${WORKERS} connections: ${oneRate} issues/s (${scale.oneItemIssues} issues)`);

  // Contention: 50 buyers of one unit each, on 50 connections, for 10 in stock.
  const contended = await withTenant(actor, async (tx) => {
    const item = await createItem(tx, { sku: "LAST-10", name: "The last ten", costMinor: 100n });
    await receiveStock(tx, { itemId: item.id, warehouseId: warehouses[0].id, quantity: String(CONTENTION_STOCK), unitCostMinor: 100n, date: "2025-12-01" });
    return item;
  });
  const buyersUrl = database.url;
  const buyers = buyersUrl ? await openDatabase({ url: buyersUrl, maxConnections: BUYERS }) : null;
  let outcomes: PromiseSettledResult<unknown>[];
  try {
    if (buyers) setDatabase(buyers);
    outcomes = await Promise.allSettled(
      Array.from({ length: BUYERS }, (_, i) => withTenant(actor, (tx) => issueStock(tx, { itemId: contended.id, warehouseId: warehouses[0].id, quantity: "1", date: ISSUE_DATE, source: { type: "bench_buyer", id: String(i) } }))),
    );
  } finally {
    if (buyers) {
      setDatabase(handle);
      await buyers.close();
    }
  }
  const succeeded = outcomes.filter((o) => o.status === "fulfilled").length;
  const unexpected = outcomes.filter((o) => o.status === "rejected" && (o.reason as { reason?: string }).reason !== "insufficient_stock");
  if (unexpected.length) throw (unexpected[0] as PromiseRejectedResult).reason;
  const seen = await queryRow<{ min_after: string; on_hand: string }>(
    handle.db,
    sql`select (select min(qty_after_micro) from stock_moves where tenant_id = ${actor.tenantId} and item_id = ${contended.id}::uuid)::text as min_after,
      (select on_hand_micro from stock_balances where tenant_id = ${actor.tenantId} and item_id = ${contended.id}::uuid)::text as on_hand`,
  );
  const minBalance = Math.min(Number(BigInt(seen!.min_after) / 1_000_000n), Number(BigInt(seen!.on_hand) / 1_000_000n));
  log(`Contention: ${BUYERS} buyers of one unit each${buyers ? ` on ${BUYERS} connections` : ""} for ${CONTENTION_STOCK} in stock: ${succeeded} succeeded, ${BUYERS - succeeded} refused, lowest balance seen ${minBalance}`);

  // Pages at the start, the middle and the end of the balances (by SKU), and of the busy item's history.
  const lastSku = `SKU-${String(scale.items).padStart(6, "0")}`;
  const middleSku = `SKU-${String(Math.floor(scale.items / 2)).padStart(6, "0")}`;
  const balanceCursors = [null, encodeCursor([middleSku, warehouses[0].code]), encodeCursor([lastSku, warehouses[0].code])];
  const balanceTimes: number[] = [];
  for (const after of balanceCursors) balanceTimes.push(await pageMs(actor, (tx) => listBalances(tx, { after })));
  for (const after of balanceCursors) balanceTimes.push(await pageMs(actor, (tx) => listBalances(tx, { after, warehouseId: warehouses[2].id })));
  const balanceMax = Math.max(...balanceTimes);
  log(`Stock balance page (50 rows) at the first, middle and last page, all warehouses and one: ${balanceTimes.join(", ")} ms`);

  const hotMoves = await withTenant(actor, async (tx) => {
    const cursors: (string | null)[] = [null];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await itemHistory(tx, hot.id, { after, limit: 50 });
      pages += 1;
      if (!page.next) break;
      after = page.next;
      if (pages === Math.floor(scale.oneItemIssues / 100)) cursors.push(after);
    }
    cursors.push(after);
    return cursors;
  });
  const historyTimes: number[] = [];
  for (const after of hotMoves) historyTimes.push(await pageMs(actor, (tx) => itemHistory(tx, hot.id, { after })));
  const anyItem = spreadItems[spreadItems.length - 1];
  historyTimes.push(await pageMs(actor, (tx) => itemHistory(tx, anyItem, {})));
  const ledgerCursor = await withTenant(actor, async (tx) => {
    const row = await queryRow<{ posted_at: string; id: string }>(
      tx,
      sql`select to_char(posted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as posted_at, id from stock_moves order by posted_at, id offset ${Math.floor(scale.moves / 2)} limit 1`,
    );
    return encodeCursor([row!.posted_at, row!.id]);
  });
  const moveLedgerTimes = [await pageMs(actor, (tx) => listMoves(tx, {})), await pageMs(actor, (tx) => listMoves(tx, { after: ledgerCursor }))];
  const historyMax = Math.max(...historyTimes, ...moveLedgerTimes);
  log(`Item history page (50 moves) of the busy item at the first, a middle and the last page, and of a quiet item: ${historyTimes.join(", ")} ms; the move ledger's first and middle page: ${moveLedgerTimes.join(", ")} ms`);

  const asOfPage = await pageMs(actor, (tx) => stockAsOf(tx, { date: AS_OF }));
  const asOfWarehousePage = await pageMs(actor, (tx) => stockAsOf(tx, { date: AS_OF, warehouseId: warehouses[1].id, after: encodeCursor([middleSku, warehouses[1].code]) }));
  const totals = await pageMs(actor, (tx) => warehouseTotalsAsOf(tx, AS_OF));
  const asOfMs = Math.max(asOfPage, asOfWarehousePage, totals);
  log(`Stock as at ${AS_OF}: first page ${asOfPage} ms, one warehouse's middle page ${asOfWarehousePage} ms, warehouse totals ${totals} ms`);

  const figures: InventoryFigures = {
    bench: "inventory",
    issues_per_s_spread: spreadRate,
    issues_per_s_one_item: oneRate,
    balance_page_ms_max: balanceMax,
    history_page_ms_max: historyMax,
    contention_succeeded: succeeded,
    contention_stock: CONTENTION_STOCK,
    min_balance_seen: minBalance,
    as_of_ms: asOfMs,
  };
  const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
  const budgetLines = [
    `Budget${quick ? " (stated for the full scale; a quick run only shows the figures)" : ""}: ` +
      [
        `issues spread at least 300/s (${spreadRate}): ${verdict(spreadRate >= 300)}`,
        `issues of one item at least 150/s (${oneRate}): ${verdict(oneRate >= 150)}`,
        `balance page under 20 ms (${balanceMax} ms): ${verdict(balanceMax < 20)}`,
        `history page under 20 ms (${historyMax} ms): ${verdict(historyMax < 20)}`,
        `stock as at a past date under 100 ms (${asOfMs} ms): ${verdict(asOfMs < 100)}`,
        `contention exactly ${CONTENTION_STOCK} of ${BUYERS} succeed, never negative (${succeeded}, lowest ${minBalance}): ${verdict(succeeded === CONTENTION_STOCK && minBalance >= 0)}`,
      ].join("; "),
  ];
  return { figures, budgetLines };
}
