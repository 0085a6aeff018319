// The flag list at the widths the issue names: tablet portrait (800x1280) and a
// landscape phone (844x390) get cards, with Resolve visible and usable; every other
// page fits those widths too; a cell's children stay beside its label; a selection
// keeps its count and action at the thumb.
import { expect, test, type Page } from "@playwright/test";
import { admin, emitFlags, negatedByQueryLabels, runWord } from "./support/flags";
import { logIn } from "./support/login";
import { E2E_ADMIN_TOKEN } from "./support/settings";

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

for (const [name, width, height] of [["tablet portrait", 800, 1280], ["landscape phone", 844, 390]] as const) {
  test(`${name} (${width}x${height}): Resolve is visible and usable, nothing scrolls sideways`, async ({ page, request }, testInfo) => {
    test.skip(testInfo.project.name !== "desktop", "sizes set here");
    await page.setViewportSize({ width, height });
    const word = runWord();
    const [flag] = await emitFlags(request, word, ["Wide Track Title That Used To Squeeze"]);
    await logIn(page, E2E_ADMIN_TOKEN, `/flags?q=${word}`);
    const row = page.getByTestId("flag-row").filter({ hasText: flag!.title });
    const resolve = row.getByTestId("resolve-open");
    await resolve.scrollIntoViewIfNeeded();
    const box = (await resolve.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(width);
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    // The track title gets more than a syllable per line.
    const title = (await row.getByRole("link", { name: flag!.title }).boundingBox())!;
    expect(title.width).toBeGreaterThan(200);
    await resolve.click();
    await page.getByRole("dialog").getByTestId("resolve-submit").click();
    await expect(page.getByTestId("toast")).toContainText("Resolved");
    expect(await negatedByQueryLabels(request, [flag!.uri])).toEqual([true]);
  });
}

// The projects are desktop and phone; these two sizes are set here, over every page a
// moderator opens: nothing may scroll sideways (wide tables scroll inside their own box).
const pages = ["/", "/flags", "/flags/sensitive-images", "/batches", "/relay", "/relay/pubkeys", "/reports", "/labels", "/label-definitions", "/triage", "/audit", "/settings"];
for (const [name, width, height] of [["tablet portrait", 800, 1280], ["landscape phone", 844, 390]] as const) {
  test(`${name} (${width}x${height}): every dashboard page and the batch review fit without scrolling sideways`, async ({ page, request }, testInfo) => {
    test.skip(testInfo.project.name !== "desktop", "sizes set here");
    test.setTimeout(180_000);
    await page.setViewportSize({ width, height });
    const word = runWord();
    const [flag] = await emitFlags(request, word, ["A Deliberately Long Track Title For The Narrower Screens"]);
    const batch = (await (await request.post("/admin/batches", { headers: admin, data: { uris: [flag!.uri], created_by: "e2e" } })).json()) as { url: string };
    await logIn(page, E2E_ADMIN_TOKEN, "/");
    const overflowing: string[] = [];
    for (const path of [...pages, `/flags/detail?${new URLSearchParams({ uri: flag!.uri })}`, `/labels?${new URLSearchParams({ subject: flag!.uri })}`, new URL(batch.url, "http://warden.test").pathname]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
      const by = await sideways(page);
      if (by > 0) overflowing.push(`${path}: ${by} px`);
    }
    expect(overflowing).toEqual([]);
  });
}

test("phone: a cell's children stay beside its label; a selection bar follows the scroll", async ({ page, request }, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "phone widths");
  const word = runWord();
  const flags = await emitFlags(request, word, ["One", "Two", "Three", "Four", "Five", "Six"]);
  await logIn(page, E2E_ADMIN_TOKEN, `/flags?q=${word}`);
  const row = page.getByTestId("flag-row").filter({ hasText: flags[0]!.title });
  const cell = row.locator('td[data-label="Track"]');
  const [cellBox, handleBox] = await Promise.all([cell.boundingBox(), cell.getByText(`@artist0.${word}.example`).boundingBox()]);
  expect(handleBox!.x - cellBox!.x).toBeGreaterThanOrEqual(88); // right of the 5.5rem label column
  expect(await sideways(page)).toBeLessThanOrEqual(0);

  await row.getByTestId("flag-select").check();
  await page.getByTestId("flag-row").last().scrollIntoViewIfNeeded();
  const bar = page.getByTestId("selection-bar");
  await expect(bar).toBeInViewport();
  await expect(bar).toContainText("1 selected");
  await bar.getByTestId("selection-create-batch").click();
  await expect(page.getByTestId("batch-created")).toContainText("Batch of 1 created");
  await expect(bar).toHaveCount(0);
});
