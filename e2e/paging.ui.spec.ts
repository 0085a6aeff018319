// Keyset paging that says where it is and goes back: 55 flags, pages of 50.
import { expect, test } from "@playwright/test";
import { emitFlags, runWord } from "./support/flags";
import { logIn } from "./support/login";
import { E2E_ADMIN_TOKEN } from "./support/settings";

test("the flag list shows 1–50, then 51–55 with Previous, and Previous brings back the same first page", async ({ page, request }) => {
  test.setTimeout(90_000);
  const word = runWord();
  await emitFlags(request, word, Array.from({ length: 55 }, (_, i) => `Paged ${i}`));
  await logIn(page, E2E_ADMIN_TOKEN, `/flags?q=${word}`);
  const rows = page.getByTestId("flag-row");
  await expect(rows).toHaveCount(50);
  await expect(page.getByTestId("pager-position")).toHaveText("1–50");
  await expect(page.getByTestId("pager-previous")).toHaveCount(0);
  const firstPage = await rows.evaluateAll((all) => all.map((row) => row.getAttribute("data-uri")));

  await page.getByTestId("flags-next").click();
  await expect(rows).toHaveCount(5);
  await expect(page.getByTestId("pager-position")).toHaveText("51–55");
  await expect(page.getByTestId("flags-next")).toHaveCount(0);

  await page.getByTestId("pager-previous").click();
  await expect(page.getByTestId("pager-position")).toHaveText("1–50");
  expect(await rows.evaluateAll((all) => all.map((row) => row.getAttribute("data-uri")))).toEqual(firstPage);
});

test("the audit log's Older and Newer keep the position: 51–100, then 1–50 with the same entries", async ({ page, request }) => {
  test.setTimeout(90_000);
  // At least 101 label.emit entries, whatever ran before.
  await emitFlags(request, runWord(), Array.from({ length: 101 }, (_, i) => `Audited ${i}`));
  await logIn(page, E2E_ADMIN_TOKEN, "/audit?action=label.emit");
  const ids = () => page.getByTestId("audit-row").evaluateAll((all) => all.map((row) => row.getAttribute("data-id")));
  await expect(page.getByTestId("pager-position")).toHaveText("1–50");
  const newest = await ids();
  await page.getByTestId("audit-older").click();
  await expect(page.getByTestId("pager-position")).toHaveText("51–100");
  await page.getByTestId("audit-older").click();
  await expect(page.getByTestId("pager-position")).toHaveText(/^101–/);
  await page.getByTestId("pager-previous").click();
  await expect(page.getByTestId("pager-position")).toHaveText("51–100");
  await page.getByTestId("pager-previous").click();
  await expect(page.getByTestId("pager-position")).toHaveText("1–50");
  expect(await ids()).toEqual(newest);
});
