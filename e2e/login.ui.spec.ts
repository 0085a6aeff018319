import { expect, test } from "@playwright/test";
import { E2E_ADMIN_TOKEN } from "./support/settings";

test("a moderator logs in with a token, sees the dashboard, and logs out", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2F$/);

  await page.getByTestId("token-input").fill(E2E_ADMIN_TOKEN);
  await page.getByTestId("login-submit").click();

  await expect(page.getByTestId("overview")).toBeVisible();
  await expect(page.getByTestId("count-tokens")).toBeVisible();
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(stored).not.toContain(E2E_ADMIN_TOKEN);

  await openMenuIfCollapsed(page);
  await page.getByTestId("logout").click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/audit");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faudit$/);
});

test("a wrong token shows an error and no session", async ({ page }) => {
  await page.goto("/login");
  await page.getByTestId("token-input").fill("not-a-real-token");
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("login-error")).toContainText("not valid");
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/login/);
});

test("login returns to the page that asked for it", async ({ page }) => {
  await page.goto("/audit?actor=cli");
  await expect(page).toHaveURL(/callbackUrl=%2Faudit%3Factor%3Dcli/);
  await page.getByTestId("token-input").fill(E2E_ADMIN_TOKEN);
  await page.getByTestId("login-submit").click();
  await expect(page).toHaveURL(/\/audit\?actor=cli$/);
});

test("pages fit a phone screen without horizontal scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/login?callbackUrl=%2F");
  await page.getByTestId("token-input").fill(E2E_ADMIN_TOKEN);
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("overview")).toBeVisible();
  for (const path of ["/", "/flags", "/relay", "/audit", "/settings"]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
  }
});

async function openMenuIfCollapsed(page: import("@playwright/test").Page) {
  const logout = page.getByTestId("logout");
  if (await logout.isVisible()) return;
  await page.getByRole("button", { name: /menu/i }).or(page.locator("summary", { hasText: /menu/i })).first().click();
}
