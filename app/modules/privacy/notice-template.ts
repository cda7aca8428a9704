import type { RegisterRow } from "./register";

/**
 * The privacy notice a new organisation starts from, with what the law asks a notice to say (Art. 13/14 GDPR):
 * who is responsible and how to reach them, purposes and legal bases, categories, recipients and processors,
 * retention (from the data map's rules), the rights and the rights page, complaints, and the 18+ rule. The
 * organisation edits it before publishing (the parts in [brackets] are its own to fill in).
 */
export function organisationNoticeTemplate(organisation: { name: string; slug: string }, register: readonly RegisterRow[], statutoryYears: number, origin = ""): string {
  const purposes = register.map((row) => `- **${row.purpose}** (${row.categories.join(", ").toLowerCase()}): legal basis ${row.legalBasis}; kept ${row.retention}.`).join("\n");
  const categories = [...new Set(register.flatMap((row) => row.categories))].map((c) => `- ${c}`).join("\n");
  return `## Who is responsible

${organisation.name} is responsible (the controller) for the personal data described here. Reach us at [postal address] or [email address]; our data protection contact is [name, email].

## What we keep, why, and on which legal basis

${purposes}

## Categories of data

${categories}

## Recipients and processors

Folio hosts our records and acts as our processor; Folio's hosting provider keeps the servers, and its email provider (Resend) delivers the messages we send you. Tax authorities and auditors receive our books when the law requires it. We do not sell your data.

## How long we keep it

Our books (invoices, ledger lines and the customer and supplier details they need) are kept for ${statutoryYears} years, as commercial and tax law require; while kept they are restricted and used for nothing else. Everything else is kept as listed above and then deleted or anonymised.

## Your rights

You may ask for a copy of your data (access), for it in a machine-readable format (portability), to correct it (rectification), to erase it (erasure), to restrict its use (restriction), and object to its use, including any marketing (objection). Make a request on our rights page: ${origin}/o/${organisation.slug}/rights. We confirm your address with a code and answer within one calendar month.

## Complaints

You have the right to lodge a complaint with a supervisory authority, in particular in the member state where you live or work, or where you think your rights were infringed.

## Age

Our services are for people aged 18 or older.
`;
}
