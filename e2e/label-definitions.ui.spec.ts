import { expect, test } from "@playwright/test";
import { E2E_ADMIN_TOKEN } from "./support/settings";
import { logIn } from "./support/login";

/** A label identifier of this run: lowercase letters only, as the form's pattern asks. */
const runIdentifier = (project: string) => `e-${project}-${Date.now().toString(36).replace(/\d/g, (digit) => "abcdefghij"[Number(digit)]!)}`;

test("an admin adds a label definition, sees a refused one explained inline, and deletes it", async ({ page }, testInfo) => {
  const identifier = runIdentifier(testInfo.project.name);
  await logIn(page, E2E_ADMIN_TOKEN, "/label-definitions");
  const form = page.getByTestId("definition-form").last();
  await form.getByTestId("definition-identifier").fill(identifier);
  await form.getByTestId("definition-name").fill("Run label");
  await form.getByTestId("definition-description").fill("Defined by the label definitions browser test");
  await form.getByTestId("definition-submit").click();
  const row = page.locator(`[data-testid="definition-row"][data-identifier="${identifier}"]`);
  await expect(row).toContainText("en: Run label");

  // A global value passes the browser's pattern; the API refuses it and the form says why.
  await form.getByTestId("definition-identifier").fill("porn");
  await form.getByTestId("definition-name").fill("Porn");
  await form.getByTestId("definition-description").fill("Clients know it already");
  await form.getByTestId("definition-submit").click();
  await expect(form.getByTestId("definition-error")).toContainText("is a global value");

  page.once("dialog", (dialog) => dialog.accept());
  await row.getByTestId(`delete-${identifier}`).click();
  await expect(row).toHaveCount(0);
});

test("the report scope is saved from the declaration form", async ({ page }) => {
  await logIn(page, E2E_ADMIN_TOKEN, "/label-definitions");
  const form = page.getByTestId("declaration-form");
  await form.getByTestId("declaration-subjectTypes-mode").selectOption("list");
  await form.getByTestId("declaration-subjectTypes").fill("account\nrecord");
  await form.getByTestId("declaration-submit").click();
  await expect(form.getByRole("status")).toContainText("Saved.");
  await page.reload();
  await expect(page.getByTestId("declaration-subjectTypes")).toHaveValue("account\nrecord");
});

test("Settings shows the labeler's network checks, and a re-publish without a labeler account is refused inline", async ({ page }) => {
  await logIn(page, E2E_ADMIN_TOKEN, "/settings");
  const card = page.getByTestId("labeler-status");
  // No labeler is set up in this run: the checks arrive, failing, with their fixes.
  await expect(card.getByTestId("labeler-check").first()).toBeVisible({ timeout: 30_000 });
  await card.getByTestId("republish-password").fill("not-a-real-app-password");
  await card.getByTestId("republish-submit").click();
  await expect(card.getByRole("alert")).toContainText("No labeler account yet");
});
