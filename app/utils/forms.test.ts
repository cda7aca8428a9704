import { z } from "zod";
import { parseForm } from "./forms";
import { readFormData } from "./form-responses.server";
import { hiddenInput, multiline } from "./text-input";

function formRequest(fields: Array<[string, string]>) {
  const body = new URLSearchParams(fields);
  return new Request("http://localhost/form", { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } });
}

const schema = z.object({
  name: z.string().trim().min(1).max(100),
  notes: multiline(z.string().max(1000).optional()),
});

describe("readFormData and parseForm: input normalised once at the edge", () => {
  it.each(["\u0000", "\u0001", "\u0008", "\u000b", "\u001b", "\u007f", "\u0085", "\u009f"])(
    "refuse a control character (%j) in any field, with a message beside it and the values kept",
    async (character) => {
      const formData = await readFormData(formRequest([["name", `Acme${character}Ltd`], ["notes", `line one${character}`]]));
      const parsed = parseForm(schema, formData);
      expect(parsed.ok).toBe(false);
      if (parsed.ok) return;
      expect(parsed.errors.name).toMatch(/control character \(U\+00[0-9A-F]{2}/);
      expect(parsed.errors.notes).toMatch(/control character/);
      // Kept for the person to correct, with the invisible character shown as U+FFFD rather than dropped.
      expect(parsed.values.name).toBe("Acme\uFFFDLtd");
    },
  );

  it("names NUL in the message", async () => {
    const parsed = parseForm(schema, await readFormData(formRequest([["name", "a\u0000b"]])));
    expect(parsed.ok ? null : parsed.errors.name).toContain("U+0000 (NUL)");
  });

  it("accepts tab and line breaks only in the fields a schema marks multiline", async () => {
    const ok = parseForm(schema, await readFormData(formRequest([["name", "Acme"], ["notes", "first\r\nsecond\tcolumn\nthird"]])));
    expect(ok).toEqual({ ok: true, data: { name: "Acme", notes: "first\r\nsecond\tcolumn\nthird" } });
    for (const value of ["Acme\tLtd", "Acme\nLtd", "Acme\r\nLtd", "Acme\rLtd"]) {
      const refused = parseForm(schema, await readFormData(formRequest([["name", value]])));
      expect(refused.ok ? null : refused.errors.name, JSON.stringify(value)).toBe("Keep this to one line: it cannot contain tabs or line breaks.");
    }
  });

  it("leaves fields another schema names to that schema (an intent read before the rest of the form)", async () => {
    const formData = await readFormData(formRequest([["intent", "publish"], ["body", "one\ntwo"]]));
    expect(parseForm(z.object({ intent: z.enum(["publish"]) }), formData).ok).toBe(true);
  });

  it("looks through refinements, pipes and discriminated unions for multiline marks", async () => {
    const union = z.discriminatedUnion("intent", [
      z.object({ intent: z.literal("save"), text: multiline(z.string()) }),
      z.object({ intent: z.literal("rename"), title: z.string() }),
    ]);
    const refined = union.superRefine(() => {});
    const formData = await readFormData(formRequest([["intent", "save"], ["text", "a\nb"]]));
    expect(parseForm(refined, formData).ok).toBe(true);
    const title = await readFormData(formRequest([["intent", "rename"], ["title", "a\nb"]]));
    expect(parseForm(refined, title).ok).toBe(false);
  });

  it("replaces control characters for code that reads the form without a schema, and drops fields with such names", async () => {
    const formData = await readFormData(formRequest([["returnTo", "/\u0000/evil.test"], ["bad\u0000name", "x"], ["ok", "fine"]]));
    // Replaced, never removed: removing would turn "/\0/evil.test" into "//evil.test".
    expect(formData.get("returnTo")).toBe("/\uFFFD/evil.test");
    expect([...formData.keys()]).toEqual(["returnTo", "ok"]);
  });

  it("refuses control characters in a FormData that did not come through readFormData too", () => {
    const formData = new FormData();
    formData.set("name", "a\u0000b");
    const parsed = parseForm(schema, formData);
    expect(parsed.ok ? null : parsed.errors.name).toContain("U+0000");
  });

  it("says above the form what no one can correct: an unknown intent, a hidden input", async () => {
    const withIntent = z.discriminatedUnion("intent", [z.object({ intent: z.literal("save"), name: z.string() }), z.object({ intent: z.literal("delete") })]);
    const unknownIntent = parseForm(withIntent, await readFormData(formRequest([["intent", "explode"], ["name", "x"]])));
    expect(unknownIntent).toMatchObject({ ok: false, formError: "This page does not offer that action. Reload the page and use one of its buttons." });
    expect(unknownIntent.ok ? null : unknownIntent.errors).toEqual({});

    const withHidden = z.object({ id: hiddenInput(z.string().uuid()), name: z.string().min(1, "Enter a name.") });
    const badHidden = parseForm(withHidden, await readFormData(formRequest([["id", "nope"], ["name", ""]])));
    expect(badHidden).toMatchObject({ ok: false, formError: "This form was changed after the page was loaded. Reload the page and send it again." });
    // The visible field keeps its own message beside it.
    expect(badHidden.ok ? null : badHidden.errors).toEqual({ name: "Enter a name." });
  });

  it("refuses a field sent twice with a message", async () => {
    const parsed = parseForm(schema, await readFormData(formRequest([["name", "a"], ["name", "b"]])));
    expect(parsed.ok ? null : parsed.errors.name).toMatch(/sent more than once/);
  });

  it("answers a body that is not a form with a 400", async () => {
    const request = new Request("http://localhost/form", { method: "POST", body: "--x\r\n", headers: { "content-type": "multipart/form-data; boundary=nope" } });
    const refusal = await readFormData(request).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(Response);
    expect((refusal as Response).status).toBe(400);
  });
});
