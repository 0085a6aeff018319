// Next's request scope for a route handler called outside the server. next-auth (its own
// routes, and the session look-up of every permission route) reads cookies() and
// headers() from next/headers, which only work inside the scope Next's app-route module
// sets up per request. This sets up the same two stores, from Next's own modules.
import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";

// Next creates its stores from this global (its server sets it at startup); set before loading them.
(globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= AsyncLocalStorage;

type Storage = { run<T>(store: unknown, fn: () => T): T };
const require = createRequire(import.meta.url);
const { workAsyncStorage } = require("next/dist/server/app-render/work-async-storage.external.js") as { workAsyncStorage: Storage };
const { workUnitAsyncStorage } = require("next/dist/server/app-render/work-unit-async-storage.external.js") as { workUnitAsyncStorage: Storage };
const { createRequestStoreForAPI } = require("next/dist/server/async-storage/request-store.js") as {
  createRequestStoreForAPI(request: { headers: Headers }, url: { pathname: string; search: string }, ...rest: undefined[]): unknown;
};

/** Runs `handle` as Next runs the route handler of `route` for this request. */
export function inNextRequestScope<T>(request: Request, route: string, handle: () => T): T {
  const { pathname, search } = new URL(request.url);
  const requestStore = createRequestStoreForAPI(request, { pathname, search }, undefined, undefined, undefined);
  const workStore = { route, forceStatic: false, dynamicShouldError: false };
  return workAsyncStorage.run(workStore, () => workUnitAsyncStorage.run(requestStore, handle));
}
