// Keyset paging that says where it is and goes back: 55 flags, pages of 50; 51 batches.
import { expect, test } from "@playwright/test";
import { admin, emitFlags, runWord } from "./support/flags";
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

test("the batches list shows 1–50 of N, then Older with its position, and Newer brings back the same first page", async ({ page, request }) => {
  test.setTimeout(120_000);
  const word = runWord();
  const flags = await emitFlags(request, word, Array.from({ length: 51 }, (_, i) => `Batched ${i}`));
  // One batch per flag, so this run alone makes a second page whatever ran before.
  for (const flag of flags) {
    const created = await request.post("/admin/batches", { headers: admin, data: { uris: [flag.uri], name: `paging ${word}` } });
    expect(created.status()).toBe(200);
  }
  await logIn(page, E2E_ADMIN_TOKEN, "/batches");
  const rows = page.getByTestId("batch-row");
  const ids = () => rows.evaluateAll((all) => all.map((row) => row.getAttribute("data-id")));
  await expect(rows).toHaveCount(50);
  const position = page.getByTestId("pager-position");
  await expect(position).toHaveText(/^1–50 of \d+$/);
  const total = Number((await position.textContent())!.split(" of ")[1]!.replace(/,/g, ""));
  expect(total).toBeGreaterThanOrEqual(51);
  await expect(page.getByTestId("pager-previous")).toHaveCount(0);
  const first = await ids();

  await page.getByTestId("batches-older").click();
  await expect(position).toHaveText(`51–${Math.min(100, total).toLocaleString("en")} of ${total.toLocaleString("en")}`);
  expect((await ids()).filter((id) => first.includes(id))).toEqual([]);

  await page.getByTestId("pager-previous").click();
  await expect(position).toHaveText(`1–50 of ${total.toLocaleString("en")}`);
  expect(await ids()).toEqual(first);
});
