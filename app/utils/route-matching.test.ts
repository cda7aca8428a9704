import { createRequire } from "node:module";
import { matchPath, matchRoutes, type AgnosticRouteObject } from "@remix-run/router";

// The server matches every request's path against the same route tree several times; patches/@remix-run+router
// makes it flatten and rank a tree once and compile each path pattern once. Both builds are checked: the server
// loads the CommonJS one, the browser bundle the ES module one.
const require = createRequire(import.meta.url);
const commonJs = require("@remix-run/router") as { matchRoutes: typeof matchRoutes; matchPath: typeof matchPath };

const tree = (): AgnosticRouteObject[] => [
  {
    id: "root",
    path: "/",
    children: [
      { id: "home", index: true },
      {
        id: "org",
        path: "app/:org",
        children: [
          { id: "entries", path: "ledger/entries" },
          { id: "entry", path: "ledger/entries/:entryId" },
          { id: "new-entry", path: "ledger/entries/new" },
          { id: "area", path: ":area" },
        ],
      },
      { id: "case", path: "Exact", caseSensitive: true },
      { id: "splat", path: "*" },
    ],
  },
];

describe.each([
  ["ES module", { matchRoutes, matchPath }],
  ["CommonJS", commonJs],
] as const)("route matching with the ranked branches and compiled paths kept (%s build)", (_build, router) => {
  const ids = (routes: AgnosticRouteObject[], path: string) => router.matchRoutes(routes, path)?.map((m) => m.route.id) ?? null;

  it("matches one tree again and again as on the first call, ranked (a static segment before a parameter)", () => {
    const routes = tree();
    for (let round = 0; round < 3; round++) {
      expect(ids(routes, "/app/acme/ledger/entries/new")).toEqual(["root", "org", "new-entry"]);
      expect(ids(routes, "/app/acme/ledger/entries/42")).toEqual(["root", "org", "entry"]);
      expect(ids(routes, "/app/acme/ledger/entries")).toEqual(["root", "org", "entries"]);
      expect(ids(routes, "/app/acme/sales")).toEqual(["root", "org", "area"]);
      expect(ids(routes, "/")).toEqual(["root", "home"]);
      expect(router.matchRoutes(routes, "/app/acme/ledger/entries/42")?.at(-1)?.params).toEqual({ org: "acme", entryId: "42", "*": undefined });
    }
  });

  it("keeps each tree's own branches: another tree is matched against its own routes", () => {
    const first = tree();
    const second: AgnosticRouteObject[] = [{ id: "only", path: "/app/:org" }];
    expect(ids(first, "/app/acme")).toEqual(["root", "org"]);
    expect(ids(second, "/app/acme")).toEqual(["only"]);
    expect(ids(second, "/app/acme/ledger/entries")).toBeNull();
    expect(router.matchRoutes(first, "/app/acme")?.[0].route).toBe(first[0]);
  });

  it("compiles a pattern per case sensitivity and end: neither is answered from the other's entry", () => {
    expect(router.matchPath({ path: "/Exact", caseSensitive: true }, "/exact")).toBeNull();
    expect(router.matchPath({ path: "/Exact", caseSensitive: false }, "/exact")?.pathname).toBe("/exact");
    expect(router.matchPath({ path: "/Exact", caseSensitive: true }, "/exact")).toBeNull();
    expect(router.matchPath({ path: "/app/:org", end: true }, "/app/acme/ledger")).toBeNull();
    expect(router.matchPath({ path: "/app/:org", end: false }, "/app/acme/ledger")?.params).toEqual({ org: "acme" });
    expect(router.matchPath({ path: "/app/:org", end: true }, "/app/acme/ledger")).toBeNull();
    expect(ids(tree(), "/exact")).toEqual(["root", "splat"]);
    expect(ids(tree(), "/Exact")).toEqual(["root", "case"]);
  });
});
