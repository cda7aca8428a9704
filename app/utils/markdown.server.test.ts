import { renderMarkdown } from "./markdown.server";

/** No element or attribute that can run script, load a resource or restyle the page survives. */
function expectHarmless(html: string) {
  expect(html).not.toMatch(/<\s*(script|style|iframe|object|embed|img|svg|form|input|link|meta|base)\b/i);
  expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/\sstyle\s*=/i);
  expect(html).not.toMatch(/(javascript|vbscript|data):/i);
}

describe("renderMarkdown", () => {
  test("renders the safe subset: headings, paragraphs, lists, emphasis, code, quotes and links", () => {
    const html = renderMarkdown(
      [
        "## What we keep",
        "",
        "We keep **your name** and *your email*, never ~~more~~.",
        "",
        "- one",
        "- two",
        "",
        "1. first",
        "",
        "> quoted",
        "",
        "Use `code` or write to [us](mailto:privacy@example.test) or see [the site](https://example.test/privacy).",
        "",
        "```",
        "const x = 1;",
        "```",
      ].join("\n"),
    );
    expect(html).toContain("<h2>What we keep</h2>");
    expect(html).toContain("<strong>your name</strong>");
    expect(html).toContain("<em>your email</em>");
    expect(html).toContain("<del>more</del>");
    expect(html).toMatch(/<ul>\s*<li>one<\/li>\s*<li>two<\/li>\s*<\/ul>/);
    expect(html).toContain("<ol>");
    expect(html).toContain("<blockquote>");
    expect(html).toContain("<code>code</code>");
    expect(html).toContain("<pre><code>const x = 1;");
    expect(html).toContain('<a rel="nofollow noopener" href="mailto:privacy@example.test">us</a>');
    expect(html).toContain('<a rel="nofollow noopener" href="https://example.test/privacy">the site</a>');
  });

  test("a top-level heading becomes h2, since the page has its own h1", () => {
    expect(renderMarkdown("# Our notice")).toBe("<h2>Our notice</h2>\n");
  });

  test("script and style elements are removed with their content", () => {
    const html = renderMarkdown("Hello <script>alert('x')</script><style>body{display:none}</style> world");
    expectHarmless(html);
    expect(html).not.toContain("alert");
    expect(html).not.toContain("display:none");
    expect(html).toContain("Hello");
    expect(html).toContain("world");
  });

  test.each([
    ["a javascript: link", "[click](javascript:alert(1))"],
    ["a javascript: link in mixed case", '<a href="JaVaScRiPt:alert(1)">click</a>'],
    ["a javascript: link written with entities", '<a href="&#106;avascript:alert(1)">click</a>'],
    ["a data: link", "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"],
    ["a vbscript: link", '<a href="vbscript:msgbox(1)">click</a>'],
    ["a protocol-relative link", "[click](//evil.example/x)"],
  ])("%s loses its href and keeps its text", (_name, markdown) => {
    const html = renderMarkdown(markdown);
    expectHarmless(html);
    expect(html).not.toContain("href");
    expect(html).not.toContain("evil.example");
    expect(html).toContain("click");
  });

  test.each([
    ["an image with an onerror handler", '<img src="x" onerror="alert(1)">'],
    ["a Markdown image with a javascript: source", "![pic](javascript:alert(1))"],
    ["a tracking image", "![pixel](https://tracker.example/p.gif)"],
    ["an iframe", '<iframe src="https://evil.example"></iframe>'],
    ["an svg with a script", "<svg><script>alert(1)</script></svg>"],
    ["an svg with onload", '<svg onload="alert(1)"></svg>'],
    ["an event handler on an allowed tag", '<p onclick="alert(1)" onmouseover="alert(2)">text</p>'],
    ["an inline style", '<p style="position:fixed;inset:0">cover</p>'],
    ["a form", '<form action="https://evil.example"><input name="password"></form>'],
    ["a meta refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example">'],
    ["an object", '<object data="https://evil.example/x.swf"></object>'],
    ["a base tag", '<base href="https://evil.example/">'],
  ])("%s is neutralised", (_name, markdown) => {
    const html = renderMarkdown(markdown);
    expectHarmless(html);
    expect(html).not.toContain("evil.example");
    expect(html).not.toContain("tracker.example");
  });

  test("script written inside a code block is shown as text, escaped", () => {
    const html = renderMarkdown("```\n<script>alert(1)</script>\n```");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expectHarmless(html);
  });

  test("a link keeps only href and title, with rel nofollow noopener", () => {
    const html = renderMarkdown('<a href="https://example.test" target="_top" rel="opener" class="x" title="Site">site</a>');
    expect(html).toBe('<p><a rel="nofollow noopener" href="https://example.test" title="Site">site</a></p>\n');
  });
});
