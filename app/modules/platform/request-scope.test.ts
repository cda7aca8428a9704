import { offerRequestMemo, requestMemo, runInRequestScope } from "./request-scope.server";

describe("request scope", () => {
  it("computes a memo once per request, and again for the next request or outside any request", async () => {
    let computed = 0;
    const lookup = () => requestMemo("session", async () => ++computed);
    const first = await runInRequestScope(() => Promise.all([lookup(), lookup(), Promise.resolve().then(lookup)]));
    expect(first).toEqual([1, 1, 1]);
    expect(await runInRequestScope(lookup)).toBe(2);
    expect([await lookup(), await lookup()]).toEqual([3, 4]);
  });

  it("takes an offered answer only for what nobody asked yet, and shares a failure without crashing anyone", async () => {
    await runInRequestScope(async () => {
      expect(await requestMemo("asked", async () => "computed")).toBe("computed");
      offerRequestMemo("asked", Promise.resolve("offered"));
      offerRequestMemo("fresh", Promise.resolve("offered"));
      expect(await requestMemo("asked", async () => "again")).toBe("computed");
      expect(await requestMemo("fresh", async () => "computed")).toBe("offered");

      offerRequestMemo("broken", Promise.reject(new Error("the database is away")));
      await new Promise((resolve) => setTimeout(resolve, 10)); // an unhandled rejection would fail the test run here
      await expect(requestMemo("broken", async () => "computed")).rejects.toThrow("the database is away");
    });
  });

  it("a failed offer nobody takes is handled: outside a scope (a POST) and for a key already answered", async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", record);
    try {
      // What crashed the server when the database stopped: a POST has no scope, so the offer was dropped unhandled.
      offerRequestMemo("session", Promise.reject(new Error("write CONNECTION_CLOSED")));
      await runInRequestScope(async () => {
        await requestMemo("session", async () => "computed");
        offerRequestMemo("session", Promise.reject(new Error("write CONNECTION_CLOSED")));
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off("unhandledRejection", record);
    }
    expect(unhandled).toEqual([]);
  });
});
