import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { createElement, type ReactElement } from "react";
import { db } from "~/db.server";
import { AccountLockedEmail } from "~/emails/account-locked";
import { InvitationEmail } from "~/emails/invitation";
import { NewLeadEmail } from "~/emails/new-lead";
import { NoticeChangedEmail } from "~/emails/notice-changed";
import { ResetPasswordEmail } from "~/emails/reset-password";
import { RightsRequestEmail } from "~/emails/rights-request";
import { SalesDocumentEmail } from "~/emails/sales-document";
import { SignUpAttemptedEmail } from "~/emails/signup-attempted";
import { VerifyEmail } from "~/emails/verify-email";
import { uniqueEmail } from "~/test/factories";
import { enqueueEmail } from "./outbox.server";
import { renderEmail } from "./render.server";
import { outboxMessages } from "./schema";

const URL = "https://folio.example/join/newcomer-wholesale-mx52y6zh/3q2xW8lUQdM0b3wQv1vSx2uY3zKXnQ";

/** Every template, with its props around one name (a person's or an organisation's, as the template takes). */
const TEMPLATES: Record<string, (name: string) => ReactElement> = {
  "account-locked": (name) => createElement(AccountLockedEmail, { name, minutes: 15, resetUrl: "https://folio.example/forgot-password" }),
  invitation: (name) => createElement(InvitationEmail, { organisationName: name, inviterName: "Olivia Owner", roleLabel: "Accountant", url: URL }),
  "new-lead": (name) =>
    createElement(NewLeadEmail, {
      organisationName: name,
      pageTitle: `Spring offer of ${name}`,
      lead: { name, email: "vera@example.test", phone: "+49 30 1234", company: name, message: `Hello ${name},\nplease call me.` },
      attribution: { source: "newsletter", medium: "email", campaign: "spring" },
      marketingConsent: true,
      url: URL,
    }),
  "notice-changed": (name) => createElement(NoticeChangedEmail, { publisherName: name, version: 3, lastUpdated: "2026-03-01", effectiveDate: "2026-04-01", url: URL }),
  "reset-password": (name) => createElement(ResetPasswordEmail, { name, url: URL }),
  "rights-request": (name) =>
    createElement(RightsRequestEmail, {
      heading: `Your request to ${name}`,
      paragraphs: [`${name} received your erasure request on 2 December 2026.`, `Reference R-2026-000123. ${name} answers by 2 January 2027.`],
      code: "482913",
      link: { label: `Download your data from ${name}`, url: URL },
    }),
  "sales-document": (name) =>
    createElement(SalesDocumentEmail, {
      organisationName: name,
      customerName: `${name} Einkauf`,
      documentLabel: "Invoice INV-2026-000042",
      amount: "€1,296.00",
      dueDate: "9 April 2026",
      message: `Dear ${name},\nthank you for your order.`,
      attachmentName: "INV-2026-000042.pdf",
    }),
  "signup-attempted": (name) => createElement(SignUpAttemptedEmail, { name, loginUrl: "https://folio.example/login", resetUrl: "https://folio.example/forgot-password" }),
  "verify-email": (name) => createElement(VerifyEmail, { name, url: URL }),
};

/** The names the issue reported, non-ASCII ones, and names of every length up to 160, which move the text across the renderer's buffer boundaries. */
const NAMES = [
  "Newcomer Wholesale mx52y6zh",
  "Demo Wholesale",
  "Ünïcödé Großhandel GmbH",
  "株式会社テスト商事",
  "Fox & Söhne 🦊",
  "شركة التجارة",
  ...Array.from({ length: 160 }, (_, length) => "é".repeat(length % 3) + "n".repeat(length)),
  ...Array.from({ length: 60 }, (_, length) => "Ω".repeat(length)),
];

it("every template in app/emails is covered here", () => {
  const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../emails");
  const templates = readdirSync(folder)
    .filter((file) => file.endsWith(".tsx") && file !== "layout.tsx")
    .map((file) => file.replace(/\.tsx$/, ""));
  expect(Object.keys(TEMPLATES).sort()).toEqual(templates.sort());
});

describe.each(Object.entries(TEMPLATES))("the %s email", (_template, build) => {
  it("renders without a NUL byte (or any other control character) for every name", () => {
    for (const name of NAMES) {
      const { html, text } = renderEmail(build(name));
      expect(html.includes("\u0000"), `NUL in the HTML for a name of ${name.length} characters`).toBe(false);
      expect(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(html + text), `control character for ${JSON.stringify(name)}`).toBe(false);
      expect(html).toMatch(/^<!DOCTYPE html PUBLIC/);
      expect(text).toContain(name);
    }
  });
});

it("an invitation is stored in the outbox whatever the organisation's name", async () => {
  // The 500 a new user hit: PostgreSQL refused the rendered HTML (invalid byte sequence for encoding "UTF8": 0x00).
  for (const name of NAMES) {
    const to = uniqueEmail("invitee");
    await enqueueEmail(db(), { template: "invitation", to, subject: `Join ${name} on Folio`, body: TEMPLATES.invitation(name) });
    const [message] = await db().select().from(outboxMessages).where(eq(outboxMessages.toAddress, to));
    expect(message.html).toContain(name.replace("&", "&amp;"));
    expect(message.text).toContain(name);
  }
});

it("escapes what a name holds in the HTML", () => {
  const { html, text } = renderEmail(TEMPLATES.invitation('<img src=x onerror="alert(1)">'));
  expect(html).not.toContain("<img src=x");
  expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  expect(text).toContain('<img src=x onerror="alert(1)">');
});
