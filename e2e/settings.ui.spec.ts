import { expect, test } from "@playwright/test";
import { E2E_ADMIN_TOKEN } from "./support/settings";
import { logIn } from "./support/login";

test("an admin creates a token in Settings, it works once shown, and revoking it ends its session", async ({ browser, page }, testInfo) => {
  const name = `mod-${testInfo.project.name}-${Date.now()}`;
  await logIn(page, E2E_ADMIN_TOKEN, "/settings");
  await page.getByTestId("new-token-name").fill(name);
  await page.getByTestId("new-token-role").selectOption("moderator");
  await page.getByTestId("new-token-submit").click();
  const token = (await page.getByTestId("new-token-value").textContent())!.trim();
  expect(token).toMatch(/^wdn_/);
  await expect(page.getByTestId("token-row").filter({ hasText: name })).toBeVisible();

  const moderator = await (await browser.newContext()).newPage();
  await logIn(moderator, token, "/settings");
  await expect(moderator.getByTestId("settings-name")).toHaveText(name);
  await expect(moderator.getByTestId("new-token-name")).toHaveCount(0);

  page.once("dialog", (dialog) => dialog.accept());
  await page.getByTestId("token-row").filter({ hasText: name }).getByTestId("revoke-token").click();
  await expect(page.getByTestId("token-row").filter({ hasText: name }).getByTestId("revoke-token")).toHaveCount(0);

  await moderator.goto("/settings");
  await expect(moderator).toHaveURL(/\/login/);
});

test("a duplicate token name is refused inline", async ({ page }, testInfo) => {
  const name = `dup-${testInfo.project.name}-${Date.now()}`;
  await logIn(page, E2E_ADMIN_TOKEN, "/settings");
  await page.getByTestId("new-token-name").fill(name);
  await page.getByTestId("new-token-submit").click();
  await expect(page.getByTestId("new-token-value")).toHaveText(/^wdn_/); // a press while one is in flight is ignored
  await page.getByTestId("new-token-name").fill(name);
  await page.getByTestId("new-token-submit").click();
  await expect(page.getByTestId("token-error")).toContainText("already exists");
});

test("a second press of Create token keeps the token shown, and creates nothing more", async ({ page }, testInfo) => {
  const name = `twice-${testInfo.project.name}-${Date.now()}`;
  await logIn(page, E2E_ADMIN_TOKEN, "/settings");
  const posts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname === "/api/tokens") posts.push(request.url());
  });
  await page.getByTestId("new-token-name").fill(name);
  await page.getByTestId("new-token-submit").dblclick();
  const shown = page.getByTestId("new-token-value");
  await expect(shown).toHaveText(/^wdn_/);
  const token = (await shown.textContent())!.trim();
  await expect(page.getByTestId("new-token-name")).toHaveValue(""); // the form cleared itself
  await page.getByTestId("new-token-submit").click();
  await expect(shown).toHaveText(token);
  await expect(page.getByTestId("token-error")).toHaveCount(0);
  expect(posts).toHaveLength(1);
  await expect(page.getByTestId("token-row").filter({ hasText: name })).toHaveCount(1);
});
