import { createRequire } from "node:module";
import path from "node:path";
import { PassThrough } from "node:stream";
import { createElement, type ReactElement } from "react";
import { renderToPipeableStream as developmentRenderer } from "react-dom/server";

// The tests run React's development build and the server its production one: both are checked.
const require = createRequire(import.meta.url);
const reactDom = path.dirname(require.resolve("react-dom/package.json"));
const productionRenderer = (require(path.join(reactDom, "cjs/react-dom-server.node.production.min.js")) as { renderToPipeableStream: typeof developmentRenderer }).renderToPipeableStream;

/** The bytes React's streaming renderer (the one app/entry.server.tsx uses for every page) writes for `element`. */
function renderedBytes(renderToPipeableStream: typeof developmentRenderer, element: ReactElement): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const body = new PassThrough();
    body.on("data", (chunk: Buffer) => chunks.push(chunk));
    body.on("end", () => resolve(Buffer.concat(chunks)));
    const { pipe } = renderToPipeableStream(element, { onAllReady: () => pipe(body), onShellError: reject, onError: reject });
  });
}

describe("pages rendered by React's streaming renderer", () => {
  it.each([
    ["development", developmentRenderer],
    ["production", productionRenderer],
  ] as const)("hold no NUL byte where a multi-byte character meets the renderer's buffer boundary (%s build, react-dom patched)", async (_build, renderer) => {
    // React 18.3.1 wrote its whole 2,048-byte view when a string did not fit in what was left of it: the unwritten
    // rest went out as NUL bytes ("shown as \0\0\uFFFD" on the privacy settings page the hostile-input sweep saw).
    // Short texts, as a page's cells and labels are, are chunks copied into the view until one does not fit; an
    // ASCII prefix of every length moves the multi-byte characters across the boundary.
    const text = "Großhandel ü €\uFFFD 株式";
    for (let prefix = 0; prefix < 24; prefix++) {
      const cells = Array.from({ length: 200 }, (_, index) => createElement("td", { key: index }, `${"x".repeat(prefix)}${text}`));
      const bytes = await renderedBytes(renderer, createElement("table", null, createElement("tbody", null, createElement("tr", null, cells))));
      expect(bytes.includes(0), `NUL in the page with a prefix of ${prefix}`).toBe(false);
      expect(bytes.toString("utf8").split(text).length).toBe(201);
    }
  });
});
