import { eq, sql } from "drizzle-orm";
import { databaseHandle, db, queryRow, queryRows } from "~/db.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { createOrganisationWithOwner } from "~/test/factories";
import { DatabaseUnavailableError, databaseUnavailable, withDatabaseDeadline } from "./database-faults.server";
import { jobRuns } from "./schema";

describe("withDatabaseDeadline", () => {
  it("gives up at the deadline, and the transaction that went on after it rolls back instead of committing", async () => {
    const name = `deadline-${Date.now()}`;
    const started = performance.now();
    let finished: Promise<unknown> | undefined;
    await expect(
      withDatabaseDeadline(150, () => {
        finished = db().transaction(async (tx) => {
          await tx.insert(jobRuns).values({ name, lastStatus: "written after the deadline" });
          await new Promise((resolve) => setTimeout(resolve, 4000));
        });
        return finished;
      }),
    ).rejects.toThrow(DatabaseUnavailableError);
    // Long before the work's 4 s, with room for a busy machine (PGlite runs in this process and blocks its timers).
    expect(performance.now() - started).toBeLessThan(2500);
    await expect(finished).rejects.toThrow(/gave up after 0\.\d s; its transaction is rolled back/);
    expect(await db().select().from(jobRuns).where(eq(jobRuns.name, name))).toEqual([]);
  });

  it("runs work that returns a thenable (a Drizzle query) once", async () => {
    let runs = 0;
    // Like a Drizzle query: nothing runs until `then`, and each `then` runs it again.
    const query = { then: (resolve: (value: number) => void) => resolve(++runs) } as unknown as Promise<number>;
    expect(await withDatabaseDeadline(1000, () => query)).toBe(1);
    expect(runs).toBe(1);
  });

  it("lets work that finishes in time commit", async () => {
    const name = `in-time-${Date.now()}`;
    await withDatabaseDeadline(5000, () => db().transaction((tx) => tx.insert(jobRuns).values({ name, lastStatus: "ok" })));
    expect(await db().select({ name: jobRuns.name }).from(jobRuns).where(eq(jobRuns.name, name))).toEqual([{ name }]);
  });
});

describe("databaseUnavailable", () => {
  it("recognises connection failures and timeouts, wrapped or not, and nothing else", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const shutdown = new Error("Failed query: select 1", { cause: Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }) });
    const timeout = new Error("Failed query", { cause: Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" }) });
    expect(databaseUnavailable(refused)?.message).toMatch(/ECONNREFUSED/);
    expect(databaseUnavailable(shutdown)).toBeInstanceOf(DatabaseUnavailableError);
    expect(databaseUnavailable(timeout)?.reason).toMatch(/statement_timeout/);
    expect(databaseUnavailable(Object.assign(new Error("write CONNECTION_CLOSED"), { code: "CONNECTION_CLOSED" }))).not.toBeNull();
    expect(databaseUnavailable(new Error("Failed query", { cause: Object.assign(new Error("duplicate key"), { code: "23505" }) }))).toBeNull();
    expect(databaseUnavailable(new Response(null, { status: 404 }))).toBeNull();
    expect(databaseUnavailable("a string")).toBeNull();
  });
});

describe("timeouts", () => {
  it("the application role ends idle transactions and long statements for sessions that log in as it", async () => {
    const rows = await queryRows<{ setting: string }>(
      db(),
      sql`select unnest(setconfig) as setting from pg_db_role_setting where setrole = 'folio_app'::regrole and setdatabase = 0`,
    );
    expect(rows.map((row) => row.setting).sort()).toEqual(["idle_in_transaction_session_timeout=15s", "statement_timeout=10s"]);
  });

  it("Folio's PostgreSQL connections carry the same timeouts into tenant work (PGlite, in process, has none to need)", async () => {
    const { actor } = await createOrganisationWithOwner();
    const settings = await withTenant(actor, (tx) =>
      queryRow<{ statement: string; idle: string; role: string }>(
        tx,
        sql`select current_setting('statement_timeout') as statement, current_setting('idle_in_transaction_session_timeout') as idle, current_user as role`,
      ),
    );
    expect(settings?.role).toBe("folio_app");
    if (databaseHandle().kind === "postgres") expect(settings).toMatchObject({ statement: "10s", idle: "15s" });
    else expect(settings).toMatchObject({ statement: "0", idle: "0" });
  });
});
