import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

function markdownFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(directory, entry.name);
    return entry.isDirectory() ? markdownFiles(file) : entry.name.endsWith(".md") ? [file] : [];
  });
}

/** The targets of a Markdown file's links and images, `[text](target)`, without a #fragment. */
function linkTargets(markdown: string): string[] {
  return [...markdown.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

describe("the documentation a clone carries", () => {
  const files = [path.join(root, "README.md"), ...markdownFiles(path.join(root, "docs"))];

  it("has the architecture, the scale-out note and a decision template", () => {
    for (const file of ["docs/architecture.md", "docs/operations/scale-out.md", "docs/decisions/0000-template.md"]) expect(existsSync(path.join(root, file)), file).toBe(true);
  });

  it("links only to files inside the repository, and every one exists", () => {
    const broken = files.flatMap((file) =>
      linkTargets(readFileSync(file, "utf8"))
        .filter((target) => !/^(https?:|mailto:)/.test(target) && !target.startsWith("#"))
        .filter((target) => {
          const resolved = path.resolve(path.dirname(file), target.split("#")[0]);
          return !resolved.startsWith(root) || !existsSync(resolved);
        })
        .map((target) => `${path.relative(root, file)}: ${target}`),
    );
    expect(broken).toEqual([]);
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    expect(readme).not.toMatch(/\.\.\/shared/);
    expect(readme).toContain("(docs/architecture.md)");
  });

  it("dates every decision record and gives it a status", () => {
    const records = readdirSync(path.join(root, "docs/decisions")).filter((name) => /^\d{4}-.*\.md$/.test(name) && !name.startsWith("0000"));
    expect(records.length).toBeGreaterThan(5);
    const undated = records.filter((name) => !/^Date: \d{4}-\d{2}-\d{2} · Status: (proposed|accepted|withdrawn|superseded by \d{4})$/m.test(readFileSync(path.join(root, "docs/decisions", name), "utf8")));
    expect(undated).toEqual([]);
  });
});
