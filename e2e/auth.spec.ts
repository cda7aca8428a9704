import { randomBytes } from "node:crypto";
import { expect, logIn, logOut, openEmail, test } from "./fixtures";

test("sign up, verify the email from the mailbox, log out and log back in", async ({ page }) => {
  const email = `signup-${randomBytes(4).toString("hex")}@example.test`;
  const password = "a sturdy pass phrase 93";
  await page.goto("/signup");
  await page.getByLabel("Your name").fill("Sam Signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByLabel("Organisation name").fill("Signup Wholesale");
  await page.getByLabel(/I am 18 or older/).check();
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  // Unverified accounts cannot open the app yet.
  await page.goto("/app");
  await expect(page).toHaveURL(/\/verify-email$/);

  await openEmail(page, email, "Confirm your email address for Folio");
  await page.getByRole("link", { name: "Verify email" }).click();
  await expect(page.getByRole("status")).toContainText("Your email address is verified.");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByText("Signup Wholesale").first()).toBeVisible();

  await logOut(page);
  await logIn(page, email, password);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
});

test("a sign-up form with mistakes comes back with the values kept and an error beside each field", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Your name").fill("Kept Name");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  const responsePromise = page.waitForResponse((r) => r.url().includes("/signup") && r.request().method() === "POST");
  await page.getByRole("button", { name: "Create account" }).click();
  expect((await responsePromise).status()).toBe(400);
  await expect(page.getByLabel("Your name")).toHaveValue("Kept Name");
  await expect(page.getByLabel("Email")).toHaveValue("not-an-email");
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await expect(page.getByText("Use at least 2 characters.")).toBeVisible();
  await expect(page.getByText("You must be 18 or older to use Folio.")).toBeVisible();
});

test("five wrong passwords lock the account and mail its owner", async ({ page, organisation }) => {
  for (let attempt = 1; attempt <= 4; attempt++) {
    await logIn(page, organisation.email, `wrong password ${attempt}`);
    await expect(page.getByRole("alert")).toHaveText("The email or password is not correct.");
  }
  await logIn(page, organisation.email, "wrong password 5");
  await expect(page.getByRole("alert")).toContainText("this account is locked");

  // Even the right password is refused while the lock lasts.
  await logIn(page, organisation.email, organisation.password);
  await expect(page.getByRole("alert")).toContainText("this account is locked");
  await expect(page).toHaveURL(/\/login/);

  await openEmail(page, organisation.email, "Your Folio account is locked for 15 minutes");
  await expect(page.getByText("There were 5 failed attempts")).toBeVisible();
});

test("an unknown email gets the same answer as a wrong password", async ({ page }) => {
  await logIn(page, `nobody-${randomBytes(4).toString("hex")}@example.test`, "whatever password 1");
  await expect(page.getByRole("alert")).toHaveText("The email or password is not correct.");
});
