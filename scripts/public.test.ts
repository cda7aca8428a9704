import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { links } from "~/root";

const publicDirectory = fileURLToPath(new URL("../public", import.meta.url));

describe("public/", () => {
  it("holds the icons every page links", () => {
    const icons = links().filter((link) => "rel" in link && link.rel === "icon");
    expect(icons.map((icon) => ("href" in icon ? icon.href : null))).toEqual(["/favicon.ico", "/favicon.svg"]);
    for (const icon of icons) expect(existsSync(path.join(publicDirectory, String("href" in icon && icon.href)))).toBe(true);
    expect(readFileSync(path.join(publicDirectory, "favicon.svg"), "utf8")).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(readFileSync(path.join(publicDirectory, "favicon.ico")).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  });

  it("asks crawlers to keep out of the app, accounts and development pages, and lets them read the public ones", () => {
    const robots = readFileSync(path.join(publicDirectory, "robots.txt"), "utf8");
    const disallowed = [...robots.matchAll(/^Disallow: (\S+)$/gm)].map((m) => m[1]);
    for (const page of ["/app", "/dev/", "/account", "/login", "/signup", "/notices/", "/folio/"]) expect(disallowed).toContain(page);
    for (const page of ["/", "/privacy", "/cookies", "/p/", "/o/"]) expect(disallowed).not.toContain(page);
    expect(robots).toMatch(/^User-agent: \*$/m);
  });
});
