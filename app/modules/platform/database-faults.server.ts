import { AsyncLocalStorage } from "node:async_hooks";

// What Folio does when its database goes away (docs/decisions/0013-database-outages.md): every failure that
// means "the database cannot be reached right now" is one error, answered with a 503; a request that waits on
// an unresponsive database gives up at its deadline, and a transaction of a request that gave up never commits.

/** The database cannot be reached, or did not answer in time: the service is temporarily unavailable. */
export class DatabaseUnavailableError extends Error {
  override readonly name = "DatabaseUnavailableError";
  readonly status = 503;
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`The database is unavailable: ${reason}`, options);
  }
}

/** The message a person sees while the database is unavailable. */
export const UNAVAILABLE_MESSAGE = "Folio is temporarily unavailable: it cannot reach its database. Please try again in a minute.";

// postgres.js connection errors, Node socket errors, and SQLSTATEs that say the server is going, gone, starting,
// out of connections, or cut a statement or an idle transaction short by its timeouts.
const CONNECTION_CODES = new Set([
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "ENOTFOUND",
]);
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300", "57014", "25P03"]);

function describeCause(error: { code?: unknown; message?: unknown }): string {
  switch (error.code) {
    case "57014":
      return "a statement ran past its time limit (statement_timeout)";
    case "25P03":
      return "an idle transaction was ended by the server (idle_in_transaction_session_timeout)";
    case "57P03":
      return "the database server is starting up or shutting down";
    case "53300":
      return "the database server has no free connections";
    default:
      return `${String(error.message ?? error.code)} (${String(error.code)})`;
  }
}

/** The DatabaseUnavailableError behind `error` (unwrapping Drizzle's "Failed query" causes), or null. */
export function databaseUnavailable(error: unknown): DatabaseUnavailableError | null {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === "object" && depth < 6; depth++) {
    const candidate = current as { code?: unknown; cause?: unknown; name?: unknown };
    // By name too: the server entry and the Remix build each load a copy of this class.
    if (current instanceof DatabaseUnavailableError || candidate.name === "DatabaseUnavailableError") return current as DatabaseUnavailableError;
    if (typeof candidate.code === "string" && (CONNECTION_CODES.has(candidate.code) || UNAVAILABLE_SQLSTATES.has(candidate.code))) {
      return new DatabaseUnavailableError(describeCause(candidate), { cause: error });
    }
    current = candidate.cause;
  }
  return null;
}

interface DeadlineScope {
  expired: boolean;
  milliseconds: number;
}

// One store for every copy of this module (the server entry and the Remix build each load one).
const storageKey = Symbol.for("folio.databaseDeadline");
const holder = globalThis as typeof globalThis & { [storageKey]?: AsyncLocalStorage<DeadlineScope> };
const deadlines = (holder[storageKey] ??= new AsyncLocalStorage<DeadlineScope>());

/**
 * Runs `work`, and fails with DatabaseUnavailableError if it has not finished within `milliseconds`: a frozen or
 * unreachable database makes queries wait without an error, and a person must not. Work that goes on after the
 * deadline cannot commit a transaction (assertDeadlineNotPassed), so what was answered as failed stays failed.
 */
export async function withDatabaseDeadline<T>(milliseconds: number, work: () => Promise<T>): Promise<T> {
  const scope: DeadlineScope = { expired: false, milliseconds };
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      scope.expired = true;
      reject(new DatabaseUnavailableError(`it did not answer within ${(milliseconds / 1000).toFixed(1)} s`));
    }, milliseconds);
    timer.unref();
  });
  // Once into a native promise: a Drizzle query is a thenable that runs again for every `then` (the catch below and
  // the race would each have sent it).
  const running = Promise.resolve(deadlines.run(scope, work));
  // The abandoned work's own failure, when it comes, has no one left to hear it.
  running.catch(() => {});
  try {
    return await Promise.race([running, expiry]);
  } finally {
    clearTimeout(timer);
  }
}

/** Throws when the work this runs in has passed its deadline: called before a transaction commits. */
export function assertDeadlineNotPassed(): void {
  const scope = deadlines.getStore();
  if (scope?.expired) throw new DatabaseUnavailableError(`the request gave up after ${(scope.milliseconds / 1000).toFixed(1)} s; its transaction is rolled back`);
}
