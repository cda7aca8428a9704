import { randomBytes } from "node:crypto";
import { expect, logIn, openEmail, test } from "./fixtures";

test("sign up, verify the email from the mailbox, then log in", async ({ page }) => {
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
  await expect(page.getByRole("status")).toContainText(`We sent a message to ${email}.`);
  // Signing up does not sign in (a taken address gets the same answer): the app asks to log in.
  await page.goto("/app");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fapp$/);
  // Logged in before verifying, the app waits for the address to be verified.
  await logIn(page, email, password);
  await expect(page).toHaveURL(/\/verify-email$/);
  await page.context().clearCookies();

  await openEmail(page, email, "Confirm your email address for Folio");
  await page.getByRole("link", { name: "Verify email" }).click();
  await expect(page.getByRole("status")).toContainText("Your email address is verified.");
  await logIn(page, email, password);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByText("Signup Wholesale").first()).toBeVisible();
});

test("signing up with an address that has an account answers as for a new one, and mails the owner", async ({ page, organisation }) => {
  await page.goto("/signup");
  await page.getByLabel("Your name").fill("Someone Else");
  await page.getByLabel("Email").fill(organisation.email.toUpperCase());
  await page.getByLabel("Password").fill("another sturdy phrase 48");
  await page.getByLabel("Organisation name").fill("Copycat Trading");
  await page.getByLabel(/I am 18 or older/).check();
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === "/signup" && r.request().method() === "POST");
  await page.getByRole("button", { name: "Create account" }).click();
  expect((await answered).status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(page.getByText("already exists")).toHaveCount(0);

  await openEmail(page, organisation.email, "Someone tried to sign up to Folio with your email address");
  await expect(page.getByText("No new account was made.")).toBeVisible();
  await page.getByRole("region", { name: "Links in this message" }).getByRole("link", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/login$/);
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

  // A form posted without JavaScript (a document request) gets its 429 with Retry-After too.
  const refused = await page.request.post("/login", {
    form: { email: organisation.email, password: organisation.password },
    headers: { Origin: new URL(page.url()).origin },
    maxRedirects: 0,
  });
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(14 * 60);
  expect(Number(refused.headers()["retry-after"])).toBeLessThanOrEqual(15 * 60);
  expect(await refused.text()).toContain("this account is locked");

  await openEmail(page, organisation.email, "Your Folio account is locked for 15 minutes");
  await expect(page.getByText("There were 5 failed attempts")).toBeVisible();
});

test("an unknown email gets the same answer as a wrong password", async ({ page }) => {
  await logIn(page, `nobody-${randomBytes(4).toString("hex")}@example.test`, "whatever password 1");
  await expect(page.getByRole("alert")).toHaveText("The email or password is not correct.");
});
