import { expect, type Page } from "@playwright/test";

/** Logs in through the login page and waits for the page it returns to. */
export async function logIn(page: Page, token: string, path = "/"): Promise<void> {
  await page.goto(`/login?callbackUrl=${encodeURIComponent(path)}`);
  await page.getByTestId("token-input").fill(token);
  await page.getByTestId("login-submit").click();
  await expect(page).not.toHaveURL(/\/login/);
}
