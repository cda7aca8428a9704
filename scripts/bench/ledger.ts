/**
 * The ledger benchmark (docs/decisions/0006-ledger-benchmark.md): 100 tenants of background data generated in
 * bulk with SQL, then posting throughput, trial balance and aging measured through the real module code.
 */
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { queryRow, queryRows, type DatabaseHandle, type Tx } from "../../app/db.server";
import { listAccounts, seedChartOfAccounts } from "../../app/modules/ledger/accounts.server";
import { post, type PostingInput, type PostingLine } from "../../app/modules/ledger/posting.server";
import { agingReport } from "../../app/modules/ledger/reports/aging.server";
import { trialBalance, trialBalanceBalances } from "../../app/modules/ledger/reports/trial-balance.server";
import { listPartyOptions } from "../../app/modules/parties/parties.server";
import { type TenantActor, withTenant } from "../../app/modules/tenancy/context.server";
import { tenants } from "../../app/modules/tenancy/schema";
import { addDays, daysBetween } from "../../app/utils/dates";
import { isSuperuser } from "./database";
import { medianMs, seconds, seededRandom, timed } from "./measure";

export interface LedgerFigures {
  bench: "ledger";
  post_entries_per_s: number;
  tb_ms_10k: number;
  tb_ms_1m: number;
  /** The trial balance at 1m lines over a range that starts and ends mid-month. */
  tb_ms_1m_mid_month: number;
  aging_ms_10k: number;
  aging_ms_1m: number;
}

export interface LedgerBenchOptions {
  quick: boolean;
  log: (line: string) => void;
}

/** 24 monthly periods, 2024-01 to 2025-12; the reports cover all of them. */
export const FIRST_DAY = "2024-01-01";
export const LAST_DAY = "2025-12-31";
/** A range with mid-month edges over 19 months: the page's default range (1 January to today) is one too. */
export const MID_MONTH_FROM = "2024-06-16";
export const MID_MONTH_TO = "2025-12-15";
const PERIOD_COUNT = 24;
const DAY_COUNT = daysBetween(FIRST_DAY, LAST_DAY) + 1;
/** Benchmark postings are dated in the second year, into the same periods. */
const POSTING_YEAR_START = "2025-01-01";
const POSTING_WORKERS = 8;
const CURRENCY = "EUR";

/**
 * How often each account of the standard chart appears on a line, out of 100: a trading business's books are
 * mostly sales on credit, customer payments, purchases and supplier payments.
 */
export const ACCOUNT_WEIGHTS: Readonly<Record<string, number>> = {
  "1100": 6, "1200": 12, "1300": 21, "1400": 8, "1500": 2, "1600": 1,
  "2100": 14, "2200": 8, "2300": 2, "2400": 1,
  "3100": 1, "3200": 1,
  "4100": 10, "4200": 1, "4900": 1,
  "5100": 5,
  "6100": 1, "6200": 1, "6300": 1, "6400": 1, "6500": 1, "6900": 1,
};
const WEIGHT_TOTAL = Object.values(ACCOUNT_WEIGHTS).reduce((a, b) => a + b, 0);
if (WEIGHT_TOTAL !== 100) throw new Error(`ACCOUNT_WEIGHTS must add up to 100, not ${WEIGHT_TOTAL}`);

interface Scale {
  bigLines: number;
  mediumLines: number;
  /** Lines of the i-th small tenant (0-based). */
  smallLines(i: number): number;
  smallTenants: number;
  parties: { big: [number, number]; medium: [number, number]; small: [number, number] };
  postings: number;
}

export function scaleFor(quick: boolean): Scale {
  const divisor = quick ? 100 : 1;
  const parties = (customers: number, suppliers: number): [number, number] => [
    Math.max(2, Math.round(customers / divisor)),
    Math.max(2, Math.round(suppliers / divisor)),
  ];
  return {
    bigLines: 1_000_000 / divisor,
    mediumLines: 10_000 / divisor,
    // "A few hundred" each: 200 to 599 at full scale, spread so that the tenants differ.
    smallLines: (i) => Math.max(2, Math.round((200 + ((i * 137) % 400)) / divisor)),
    smallTenants: 98,
    parties: { big: parties(2000, 400), medium: parties(200, 40), small: parties(30, 8) },
    postings: quick ? 200 : 4000,
  };
}

/**
 * Entries of 2 to 4 lines adding up to exactly `lines`: entry n has 2 + n % 3 lines except the last two,
 * which take up the rest. Returns what the generating SQL needs.
 */
export function entryPlan(lines: number): { entries: number; secondLast: number; last: number } {
  if (!Number.isInteger(lines) || lines < 2) throw new Error(`cannot make entries of ${lines} lines`);
  if (lines <= 4) return { entries: 1, secondLast: 0, last: lines };
  let used = 0;
  let n = 0;
  while (lines - used > 8) {
    n += 1;
    used += 2 + (n % 3);
  }
  const rest = lines - used; // 5 to 8: two entries of 2 to 4 lines
  const secondLast = Math.min(4, rest - 2);
  return { entries: n + 2, secondLast, last: rest - secondLast };
}

interface TenantPlan {
  idx: number;
  slug: string;
  name: string;
  lines: number;
  customers: number;
  suppliers: number;
}

function tenantPlans(scale: Scale): TenantPlan[] {
  const plans: TenantPlan[] = [
    { idx: 1, slug: "bench-1m", name: "Bench Big Wholesale", lines: scale.bigLines, customers: scale.parties.big[0], suppliers: scale.parties.big[1] },
    { idx: 2, slug: "bench-10k", name: "Bench Medium Trading", lines: scale.mediumLines, customers: scale.parties.medium[0], suppliers: scale.parties.medium[1] },
  ];
  for (let i = 0; i < scale.smallTenants; i++) {
    const idx = i + 3;
    plans.push({
      idx,
      slug: `bench-small-${String(idx).padStart(3, "0")}`,
      name: `Bench Small Shop ${idx}`,
      lines: scale.smallLines(i),
      customers: scale.parties.small[0],
      suppliers: scale.parties.small[1],
    });
  }
  return plans;
}

async function runConcurrently<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** Folio itself acting in a tenant, as jobs do: no user. */
function systemActor(tenantId: string): TenantActor {
  return { tenantId, userId: null, dataScope: "all", role: "owner" };
}

/** A pseudo-random non-negative int from a bigint key, the same on every run (Postgres's hashint8). */
const h = (key: string) => `(hashint8(${key}) & 2147483647)`;

/**
 * Writes every tenant's parties, periods, entries, lines, number series and balances in a few set-based
 * statements, in one transaction as the owner with triggers off (session_replication_role = replica): the
 * deferred balance check and the foreign keys would otherwise run once per line. `verifyGeneratedBooks`
 * checks afterwards what those triggers would have checked.
 */
async function generateBooks(handle: DatabaseHandle, plans: (TenantPlan & { tenantId: string })[]) {
  const rows = plans.map((p) => {
    const plan = entryPlan(p.lines);
    return { tenant_id: p.tenantId, idx: p.idx, entries: plan.entries, second_last: plan.secondLast, last_lines: plan.last, customers: p.customers, suppliers: p.suppliers };
  });
  const weights = Object.entries(ACCOUNT_WEIGHTS).map(([code, weight]) => ({ code, weight }));
  await handle.db.transaction(async (tx) => {
    const run = (statement: string) => tx.execute(sql.raw(statement));
    await run("set local session_replication_role = replica");
    await run("set local work_mem = '256MB'");
    await run(`create temp table bench_tenants (tenant_id uuid, idx int, entries int, second_last int, last_lines int, customers int, suppliers int) on commit drop`);
    await tx.execute(sql`insert into bench_tenants
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as t(tenant_id uuid, idx int, entries int, second_last int, last_lines int, customers int, suppliers int)`);

    for (const [table, kind, terms] of [["customers", "Customer", 30], ["suppliers", "Supplier", 45]] as const) {
      await run(`create temp table bench_${table} on commit drop as
        select t.tenant_id, g - 1 as idx, gen_random_uuid() as id
        from bench_tenants t cross join lateral generate_series(1, t.${table}) g`);
      await run(`insert into ${table} (tenant_id, id, name, payment_terms_days)
        select tenant_id, id, '${kind} ' || lpad((idx + 1)::text, 4, '0'), ${terms} from bench_${table}`);
    }

    await run(`insert into fiscal_periods (tenant_id, start_date, end_date)
      select t.tenant_id, d::date, (d + interval '1 month' - interval '1 day')::date
      from bench_tenants t cross join generate_series(date '${FIRST_DAY}', date '${FIRST_DAY}' + interval '${PERIOD_COUNT - 1} months', interval '1 month') d`);

    // 100 slots per tenant, each an account of its chart, as often as its weight: a line picks a slot.
    await tx.execute(sql`create temp table bench_slots on commit drop as
      select a.tenant_id, (row_number() over (partition by a.tenant_id order by a.code, g) - 1)::int as slot, a.id as account_id, a.party_kind
      from accounts a
      join jsonb_to_recordset(${JSON.stringify(weights)}::jsonb) as w(code text, weight int) on w.code = a.code
      cross join lateral generate_series(1, w.weight) g
      where a.tenant_id in (select tenant_id from bench_tenants) and not a.is_group and a.is_active`);
    const short = await queryRows<{ tenant_id: string; slots: number }>(
      tx,
      sql`select t.tenant_id, (select count(*) from bench_slots s where s.tenant_id = t.tenant_id)::int as slots
        from bench_tenants t where (select count(*) from bench_slots s where s.tenant_id = t.tenant_id) <> ${WEIGHT_TOTAL}`,
    );
    if (short.length) throw new Error(`${short.length} tenants lack accounts of the standard chart (e.g. ${short[0].tenant_id}: ${short[0].slots} slots)`);

    // Entry n of a tenant: dated evenly over the 24 months, 2 to 4 lines, amounts of 1.00 to 9,999.99.
    const key = "(e.tenant_idx::bigint * 10000000000 + e.n::bigint * 16)";
    await run(`create temp table bench_entries on commit drop as
      select e.*,
        e.a1 + case when e.line_count >= 3 then e.a2 else 0 end + case when e.line_count = 4 then e.a3 else 0 end as total,
        extract(year from e.entry_date)::int as year,
        row_number() over (partition by e.tenant_id, extract(year from e.entry_date) order by e.n) as seq
      from (
        select e.*,
          100 + ${h(`${key} + 1`)} % 999900 as a1,
          100 + ${h(`${key} + 2`)} % 999900 as a2,
          100 + ${h(`${key} + 3`)} % 999900 as a3
        from (
          select t.tenant_id, t.idx as tenant_idx, g as n, gen_random_uuid() as id, t.customers, t.suppliers,
            date '${FIRST_DAY}' + ((g - 1)::bigint * ${DAY_COUNT} / t.entries)::int as entry_date,
            case when g = t.entries then t.last_lines when g = t.entries - 1 then t.second_last else 2 + g % 3 end as line_count
          from bench_tenants t cross join lateral generate_series(1, t.entries) g
        ) e
      ) e`);

    // Gapless numbers per tenant and year, in date order, as posting gives them.
    await run(`insert into journal_entries (tenant_id, id, number, entry_date, memo, source_type, currency, total_minor, posted_at)
      select e.tenant_id, e.id,
        'JE-' || e.year || '-' || case when e.seq < 1000000 then lpad(e.seq::text, 6, '0') else e.seq::text end,
        e.entry_date, 'Generated entry ' || e.n, 'manual', '${CURRENCY}', e.total, (e.entry_date + time '12:00') at time zone 'UTC'
      from bench_entries e`);
    await run(`insert into number_series (tenant_id, key, year, last_value)
      select tenant_id, 'JE', year, max(seq) from bench_entries group by tenant_id, year`);

    // All lines but the last on one side (debits for even n, credits for odd n), the last line balancing them.
    // Receivable lines name a customer and payable lines a supplier, due 15 to 60 days after the entry.
    await run(`insert into journal_lines (tenant_id, entry_id, line_no, account_id, customer_id, supplier_id,
        debit_minor, credit_minor, currency, entry_date, due_date)
      select l.tenant_id, l.entry_id, l.line_no, s.account_id, c.id, p.id,
        case when l.is_debit then l.amount else 0 end, case when l.is_debit then 0 else l.amount end,
        '${CURRENCY}', l.entry_date,
        case when s.party_kind is not null then l.entry_date + 15 * (1 + ${h("l.key + 13")} % 4)::int end
      from (
        select e.tenant_id, e.id as entry_id, j as line_no, e.entry_date, e.customers, e.suppliers, ${key} as key,
          case when j = e.line_count then e.total when j = 1 then e.a1 when j = 2 then e.a2 else e.a3 end as amount,
          (j < e.line_count) = (e.n % 2 = 0) as is_debit
        from bench_entries e cross join lateral generate_series(1, e.line_count) j
      ) l
      join bench_slots s on s.tenant_id = l.tenant_id and s.slot = ${h("l.key + 4 + l.line_no")} % 100
      left join bench_customers c on s.party_kind = 'customer' and c.tenant_id = l.tenant_id and c.idx = ${h("l.key + 8 + l.line_no")} % l.customers
      left join bench_suppliers p on s.party_kind = 'supplier' and p.tenant_id = l.tenant_id and p.idx = ${h("l.key + 8 + l.line_no")} % l.suppliers`);

    // The balances posting would have kept, from the lines: per month, with each month's days.
    const days = (amount: string) => `folio_day_amounts(array_agg(extract(day from entry_date)::int), array_agg(${amount}))`;
    await run(`insert into account_balances (tenant_id, account_id, period_start, debit_minor, credit_minor, day_debits, day_credits)
      select tenant_id, account_id, date_trunc('month', entry_date)::date, sum(debit_minor), sum(credit_minor), ${days("debit_minor")}, ${days("credit_minor")}
      from journal_lines where tenant_id in (select tenant_id from bench_tenants)
      group by 1, 2, 3`);
    await run(`insert into party_balances (tenant_id, account_id, party_kind, party_id, period_start, debit_minor, credit_minor, day_debits, day_credits)
      select tenant_id, account_id, case when customer_id is not null then 'customer' else 'supplier' end,
        coalesce(customer_id, supplier_id), date_trunc('month', entry_date)::date, sum(debit_minor), sum(credit_minor),
        ${days("debit_minor")}, ${days("credit_minor")}
      from journal_lines
      where tenant_id in (select tenant_id from bench_tenants) and (customer_id is not null or supplier_id is not null)
      group by 1, 2, 3, 4, 5`);
  });
}

interface Verification {
  entries: number;
  lines: number;
  unbalanced: number;
  orphan_lines: number;
  bad_lines: number;
  unbalanced_tenants: number;
}

/** One query over everything generated: what the triggers and foreign keys switched off would have refused. */
async function verifyGeneratedBooks(handle: DatabaseHandle): Promise<Verification> {
  const row = await queryRow<Record<keyof Verification, string | number>>(
    handle.db,
    sql`with per_entry as (
        select tenant_id, entry_id, sum(debit_minor) as debits, sum(credit_minor) as credits, count(*) as lines
        from journal_lines group by tenant_id, entry_id
      )
      select
        (select count(*) from journal_entries) as entries,
        (select count(*) from journal_lines) as lines,
        (select count(*) from journal_entries e left join per_entry p on p.tenant_id = e.tenant_id and p.entry_id = e.id
          where p.entry_id is null or p.lines < 2 or p.debits <> p.credits or p.debits <> e.total_minor) as unbalanced,
        (select count(*) from per_entry p where not exists
          (select 1 from journal_entries e where e.tenant_id = p.tenant_id and e.id = p.entry_id)) as orphan_lines,
        (select count(*) from journal_lines l
          left join accounts a on a.tenant_id = l.tenant_id and a.id = l.account_id
          left join customers c on c.tenant_id = l.tenant_id and c.id = l.customer_id
          left join suppliers s on s.tenant_id = l.tenant_id and s.id = l.supplier_id
          where a.id is null or a.is_group
            or (coalesce(a.party_kind, '') = 'customer') <> (c.id is not null)
            or (coalesce(a.party_kind, '') = 'supplier') <> (s.id is not null)
            or (l.customer_id is not null) <> (c.id is not null)
            or (l.supplier_id is not null) <> (s.id is not null)) as bad_lines,
        (select count(*) from (select tenant_id from account_balances group by tenant_id
          having sum(debit_minor) <> sum(credit_minor)) b) as unbalanced_tenants`,
  );
  if (!row) throw new Error("verification returned nothing");
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as unknown as Verification;
}

interface PostingTargets {
  /** 100 account ids per ACCOUNT_WEIGHTS, with the party kind the account needs. */
  slots: { id: string; partyKind: "customer" | "supplier" | null }[];
  customers: string[];
  suppliers: string[];
}

async function postingTargets(actor: TenantActor): Promise<PostingTargets> {
  return withTenant(actor, async (tx) => {
    const accounts = await listAccounts(tx);
    const slots: PostingTargets["slots"] = [];
    for (const account of accounts) {
      if (account.isGroup || !account.isActive) continue;
      for (let i = 0; i < (ACCOUNT_WEIGHTS[account.code] ?? 0); i++) slots.push({ id: account.id, partyKind: account.partyKind });
    }
    if (slots.length !== WEIGHT_TOTAL) throw new Error("the big tenant's chart does not have the standard accounts");
    const parties = await listPartyOptions(tx);
    return {
      slots,
      customers: parties.filter((p) => p.kind === "customer").map((p) => p.id),
      suppliers: parties.filter((p) => p.kind === "supplier").map((p) => p.id),
    };
  });
}

/** Entries like the generated ones: 2 to 4 lines, all but the last on one side, dated in 2025. */
export function postingInputs(count: number, targets: PostingTargets, seed = 20240601): PostingInput[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const entryDate = addDays(POSTING_YEAR_START, random.below(365));
    const lineCount = 2 + random.below(3);
    const debitsFirst = random.below(2) === 0;
    const amounts = Array.from({ length: lineCount - 1 }, () => BigInt(100 + random.below(999_900)));
    amounts.push(amounts.reduce((a, b) => a + b, 0n));
    const lines: PostingLine[] = amounts.map((amount, index) => {
      const slot = targets.slots[random.below(targets.slots.length)];
      const debit = (index < lineCount - 1) === debitsFirst;
      const parties = slot.partyKind === "customer" ? targets.customers : slot.partyKind === "supplier" ? targets.suppliers : null;
      return {
        accountId: slot.id,
        ...(debit ? { debitMinor: amount } : { creditMinor: amount }),
        partyId: parties ? parties[random.below(parties.length)] : null,
        dueDate: parties ? addDays(entryDate, 15 * (1 + random.below(4))) : null,
      };
    });
    return { entryDate, memo: `Benchmark posting ${i + 1}`, source: { type: "manual" }, lines };
  });
}

/** Entries per second of `inputs` posted by `workers` concurrent connections, each entry in its own transaction. */
async function measurePosting(actor: TenantActor, inputs: PostingInput[], workers: number): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const input = inputs[next++];
      await withTenant(actor, (tx) => post(tx, input));
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: workers }, worker));
  const ms = performance.now() - start;
  return Math.round((inputs.length / ms) * 1000);
}

/**
 * The time of a page's whole transaction around `report`: BEGIN, the tenant settings, the report's queries and
 * COMMIT, as a loader spends it. Median of 7 runs after a warm-up.
 */
function reportMs(actor: TenantActor, report: (tx: Tx) => Promise<unknown>): Promise<number> {
  return medianMs(async () => {
    const start = performance.now();
    await withTenant(actor, report);
    return performance.now() - start;
  });
}

const tb = (tx: Tx) => trialBalance(tx, { from: FIRST_DAY, to: LAST_DAY });
const tbMidMonth = (tx: Tx) => trialBalance(tx, { from: MID_MONTH_FROM, to: MID_MONTH_TO });
const aging = (tx: Tx) => agingReport(tx, { asOf: LAST_DAY, kind: "customer" });

export async function runLedgerBench(handle: DatabaseHandle, options: LedgerBenchOptions): Promise<{ figures: LedgerFigures; budgetLines: string[] }> {
  const { log, quick } = options;
  const scale = scaleFor(quick);
  if (!(await isSuperuser(handle))) {
    throw new Error("The ledger benchmark generates its data as a superuser (session_replication_role = replica): connect DATABASE_URL as one.");
  }
  const plans = tenantPlans(scale);
  const totalLines = plans.reduce((sum, p) => sum + p.lines, 0);
  log(`Scale: ${quick ? "quick (1/100)" : "full"}: ${plans.length} tenants, ${totalLines.toLocaleString("en")} lines (big tenant ${scale.bigLines.toLocaleString("en")}, medium ${scale.mediumLines.toLocaleString("en")}, ${scale.smallTenants} small)`);

  const setup = await timed(async () => {
    const created = await handle.db
      .insert(tenants)
      .values(plans.map((p) => ({ name: p.name, slug: p.slug, currency: CURRENCY, timeZone: "UTC", locale: "en-GB" })))
      .returning({ id: tenants.id, slug: tenants.slug });
    const ids = new Map(created.map((t) => [t.slug, t.id]));
    const withIds = plans.map((p) => ({ ...p, tenantId: ids.get(p.slug)! }));
    await runConcurrently(withIds, handle.kind === "postgres" ? POSTING_WORKERS : 1, async (p) => {
      const created = await withTenant(systemActor(p.tenantId), (tx) => seedChartOfAccounts(tx));
      if (created === 0) throw new Error(`tenant ${p.slug} already had accounts: the chart was not seeded`);
    });
    return withIds;
  });
  const tenantsWithIds = setup.result;
  log(`Created ${tenantsWithIds.length} tenants with the standard chart of accounts in ${seconds(setup.ms)}`);

  const generation = await timed(() => generateBooks(handle, tenantsWithIds));
  log(`Generated parties, periods, entries, lines and balances (triggers off) in ${seconds(generation.ms)}`);

  const verification = await timed(() => verifyGeneratedBooks(handle));
  const v = verification.result;
  log(`Verified in ${seconds(verification.ms)}: ${v.entries.toLocaleString("en")} entries, ${v.lines.toLocaleString("en")} lines; ${v.unbalanced} unbalanced entries, ${v.orphan_lines} orphan lines, ${v.bad_lines} lines with a wrong account or party, ${v.unbalanced_tenants} tenants whose balances do not net to zero`);
  if (v.lines !== totalLines || v.unbalanced || v.orphan_lines || v.bad_lines || v.unbalanced_tenants) {
    throw new Error("the generated books are not valid; see the verification line above");
  }

  const analyse = await timed(() => handle.db.execute(sql`vacuum analyze`));
  log(`VACUUM ANALYZE in ${seconds(analyse.ms)}`);
  if (handle.kind === "postgres") {
    // Flush the bulk generation's WAL now, so that a checkpoint does not run in the middle of the measurements.
    const checkpoint = await timed(() => handle.db.execute(sql`checkpoint`));
    log(`CHECKPOINT in ${seconds(checkpoint.ms)}`);
  }

  const big = systemActor(tenantsWithIds[0].tenantId);
  const medium = systemActor(tenantsWithIds[1].tenantId);
  const bigLabel = quick ? "10,000 lines (quick stand-in for 1m)" : "1,000,000 lines";
  const mediumLabel = quick ? "100 lines (quick stand-in for 10k)" : "10,000 lines";

  // What is timed must describe these books: a trial balance that nets to zero, customers owing something.
  for (const actor of [medium, big]) {
    const { trial, owed } = await withTenant(actor, async (tx) => ({ trial: await tb(tx), owed: await aging(tx) }));
    if (!trialBalanceBalances(trial.totals) || trial.rows.length === 0 || owed.rows.length === 0) {
      throw new Error(`the reports do not describe the generated books (${trial.rows.length} trial balance rows, ${owed.rows.length} aging rows)`);
    }
  }
  // Warm up both reports on both tenants first (caches, query plans, V8's compiled code), so that neither
  // tenant's figure carries the first calls.
  const reports: ((tx: Tx) => Promise<unknown>)[] = [tb, tbMidMonth, aging];
  for (const actor of [medium, big]) for (const report of reports) for (let i = 0; i < 3; i++) await withTenant(actor, report);
  const tb10k = await reportMs(medium, tb);
  const tb1m = await reportMs(big, tb);
  log(`Trial balance ${FIRST_DAY}..${LAST_DAY}: ${tb10k} ms at ${mediumLabel}, ${tb1m} ms at ${bigLabel}`);
  const tb1mMidMonth = await reportMs(big, tbMidMonth);
  log(`Trial balance ${MID_MONTH_FROM}..${MID_MONTH_TO} (edges mid-month): ${tb1mMidMonth} ms at ${bigLabel}`);
  const aging10k = await reportMs(medium, aging);
  const aging1m = await reportMs(big, aging);
  log(`Customer aging as of ${LAST_DAY}: ${aging10k} ms at ${mediumLabel}, ${aging1m} ms at ${bigLabel}`);

  const targets = await postingTargets(big);
  const inputs = postingInputs(scale.postings, targets);
  const before = await queryRow<{ entries: string }>(handle.db, sql`select count(*) as entries from journal_entries where tenant_id = ${big.tenantId}`);
  const entriesPerSecond = await measurePosting(big, inputs, POSTING_WORKERS);
  const after = await queryRow<{ entries: string; gaps: string }>(
    handle.db,
    sql`select (select count(*) from journal_entries where tenant_id = ${big.tenantId}) as entries,
      (select count(*) from number_series s where s.tenant_id = ${big.tenantId} and s.last_value <>
        (select count(*) from journal_entries e where e.tenant_id = s.tenant_id and e.number like 'JE-' || s.year || '-%')) as gaps`,
  );
  const posted = Number(after?.entries) - Number(before?.entries);
  if (posted !== inputs.length || Number(after?.gaps) !== 0) {
    throw new Error(`posting wrote ${posted} entries for ${inputs.length} inputs (${after?.gaps} series out of step)`);
  }
  log(`Posting: ${inputs.length} entries of 2-4 lines by ${POSTING_WORKERS} concurrent connections into the big tenant: ${entriesPerSecond} entries/s`);

  const figures: LedgerFigures = {
    bench: "ledger",
    post_entries_per_s: entriesPerSecond,
    tb_ms_10k: tb10k,
    tb_ms_1m: tb1m,
    tb_ms_1m_mid_month: tb1mMidMonth,
    aging_ms_10k: aging10k,
    aging_ms_1m: aging1m,
  };
  const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
  const budgetLines = [
    `Budget${quick ? " (stated for the full scale; a quick run only shows the figures)" : ""}: ` +
      [
        `trial balance at 1m within 2x its time at 10k (${tb1m} <= ${Math.round(2 * tb10k * 10) / 10} ms): ${verdict(tb1m <= 2 * tb10k)}`,
        `trial balance at 1m under 100 ms (${tb1m} ms): ${verdict(tb1m < 100)}`,
        `trial balance at 1m with mid-month edges under 10 ms (${tb1mMidMonth} ms): ${verdict(tb1mMidMonth < 10)}`,
        `posting at least 500 entries/s (${entriesPerSecond}): ${verdict(entriesPerSecond >= 500)}`,
      ].join("; "),
  ];
  return { figures, budgetLines };
}
