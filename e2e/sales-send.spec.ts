import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { createOrganisation, expect, logIn, openEmail, test } from "./fixtures";

async function pdfText(body: Buffer): Promise<string> {
  const document = await getDocument({ data: new Uint8Array(body) }).promise;
  const page = await document.getPage(1);
  return (await page.getTextContent()).items.map((item) => ("str" in item ? item.str : "")).join(" ");
}

test("a posted invoice opens as a PDF and is emailed to the customer with the PDF attached; the page says when and to whom", async ({ page, request, baseURL }) => {
  const organisation = (await createOrganisation(request, baseURL!, { sampleData: true })) as Awaited<ReturnType<typeof createOrganisation>> & { records: { documentId: string } };
  await logIn(page, organisation.email, organisation.password);
  const invoiceUrl = `/app/${organisation.slug}/sales/documents/invoices/${organisation.records.documentId}`;
  await page.goto(invoiceUrl);
  const heading = (await page.getByRole("heading", { level: 1 }).textContent())!;
  const number = heading.replace("Invoice ", "").trim();
  expect(number).toMatch(/^INV-/);

  const pdfHref = await page.getByRole("link", { name: "PDF" }).getAttribute("href");
  const pdf = await page.request.get(pdfHref!);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  const text = await pdfText(await pdf.body());
  expect(text).toContain(number);
  expect(text).toContain("Müller Großhandel");

  const send = page.getByRole("region", { name: "Send to the customer" });
  await expect(send).toContainText("Not sent yet.");
  // The browser takes "a@b"; the server wants a domain with a dot, and says so beside the field.
  await send.getByLabel("Send to").fill("a@b");
  await send.getByRole("button", { name: "Email with PDF" }).click();
  await expect(send.getByLabel("Send to")).toHaveAttribute("aria-invalid", "true");
  await expect(send).toContainText("Enter an email address such as name@example.com.");
  await send.getByLabel("Send to").fill("einkauf@mueller.example");
  await send.getByLabel("Message (optional)").fill("Vielen Dank für Ihre Bestellung.");
  await send.getByRole("button", { name: "Email with PDF" }).click();
  await expect(page.getByRole("status")).toContainText("Sent to einkauf@mueller.example");
  await expect(page.getByRole("region", { name: "Send to the customer" }).getByRole("list", { name: "Sent" })).toContainText("einkauf@mueller.example");

  await openEmail(page, "einkauf@mueller.example", new RegExp(`Invoice ${number}`));
  await expect(page.getByText("Vielen Dank für Ihre Bestellung.")).toBeVisible();
  const attachment = page.getByRole("link", { name: `${number}.pdf` });
  const attached = await page.request.get((await attachment.getAttribute("href"))!);
  expect(await pdfText(await attached.body())).toContain(number);
});

test("another organisation's invoice PDF is not found", async ({ page, request, baseURL }) => {
  const owner = (await createOrganisation(request, baseURL!, { sampleData: true })) as Awaited<ReturnType<typeof createOrganisation>> & { records: { documentId: string } };
  const stranger = await createOrganisation(request, baseURL!);
  await logIn(page, stranger.email, stranger.password);
  const response = await page.request.get(`/app/${stranger.slug}/sales/documents/invoices/${owner.records.documentId}/pdf`);
  expect(response.status()).toBe(404);
});
