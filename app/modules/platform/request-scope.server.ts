import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What one HTTP request has already looked up, shared by every loader it runs. Remix hands each loader a Request
 * of its own (a copy without `_data` and `index`), so a cache keyed on the Request object is a cache per loader;
 * the scope is opened by the server around the whole request instead (scripts/server.ts), and lives exactly as
 * long as it. Outside a scope (tests calling a loader, jobs, scripts) nothing is shared and every lookup runs.
 *
 * Only reads belong here: the session, the membership, what the shell shows. A request that changes data
 * (any method but GET and HEAD) gets no scope, so a loader that runs after an action reads what the action wrote.
 */
export type RequestScope = Map<string, Promise<unknown>>;

// The server entry and the Remix build each load this module: the storage lives on globalThis so that they share it.
const storageKey = Symbol.for("folio.requestScope");
type GlobalWithScope = typeof globalThis & { [storageKey]?: AsyncLocalStorage<RequestScope> };

function storage(): AsyncLocalStorage<RequestScope> {
  const global = globalThis as GlobalWithScope;
  return (global[storageKey] ??= new AsyncLocalStorage<RequestScope>());
}

/** Runs `work` (the handling of one request) with a scope of its own for `requestMemo`. */
export function runInRequestScope<T>(work: () => T): T {
  return storage().run(new Map(), work);
}

/** Whether a request of this method may share its lookups between loaders. */
export function isReadOnlyMethod(method: string): boolean {
  return method === "GET" || method === "HEAD";
}

/**
 * The value of `key` for the current request: computed by the first caller, the same promise for every later
 * one. A rejected lookup is shared too (it fails the same way for each loader). Outside a scope it is computed.
 */
export function requestMemo<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const scope = storage().getStore();
  if (!scope) return compute();
  let pending = scope.get(key) as Promise<T> | undefined;
  if (!pending) {
    pending = compute();
    scope.set(key, pending);
  }
  return pending;
}

/**
 * Offers `value` as the answer to `key` for the rest of the request, when nobody asked for it yet: a lookup that
 * read more than it was asked for (the request's context, read in one transaction) shares what it found.
 */
export function offerRequestMemo<T>(key: string, value: Promise<T>): void {
  // Whoever asks later sees a failure; when nobody asks (outside a scope, or the key was answered already), an
  // offered lookup that fails must not be an unhandled rejection: that would end the process.
  value.catch(() => {});
  const scope = storage().getStore();
  if (!scope || scope.has(key)) return;
  scope.set(key, value);
}
