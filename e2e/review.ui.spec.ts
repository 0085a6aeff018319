// The batch review as a moderator does it: a link from a DM opened on a phone, the
// login in between, three decisions with the thumb, the summary, and the labels
// that came out of it. Screenshots of the phone screens are attached to the report.
import { gzipSync } from "node:zlib";
import { expect, test, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";
import { admin, emitFlags, negatedByQueryLabels, runWord } from "./support/flags";
import { E2E_ADMIN_TOKEN } from "./support/settings";

/** What the phone shows (the viewport, sticky bar included), saved and attached to the report. */
async function snap(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

const noHorizontalScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Every script the review document loaded (cached or not), gzipped: what a phone with an empty cache downloads. */
async function scriptWeight(page: Page, request: APIRequestContext): Promise<{ scripts: number; gzipKB: number }> {
  const urls = await page.evaluate(() =>
    performance.getEntriesByType("resource").filter((entry) => (entry as PerformanceResourceTiming).initiatorType === "script").map((entry) => entry.name),
  );
  let bytes = 0;
  for (const url of urls) bytes += gzipSync(await (await request.get(url)).body(), { level: 9 }).length;
  return { scripts: urls.length, gzipKB: Math.round(bytes / 102.4) / 10 };
}

test("phone: from a batch link through login, three decisions, the summary, and exactly the cleared flags negated", async ({ page, request }, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "the phone walk-through");
  await page.setViewportSize({ width: 360, height: 780 });
  const word = runWord();
  const flags = await emitFlags(request, word, ["Night Drive", "Paper Moon", "Glass Harbour"]);
  const created = await request.post("/admin/batches", { headers: admin, data: { uris: flags.map((f) => f.uri), created_by: "moderation_loop" } });
  const batch = await created.json();
  expect(batch.url).toBe(`/review/${batch.id}`);

  await page.goto(batch.url);
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Freview%2F/);
  await page.getByTestId("token-input").fill(E2E_ADMIN_TOKEN);
  await page.getByTestId("login-submit").click();
  await expect(page).toHaveURL(new RegExp(`/review/${batch.id}$`));

  const cards = page.getByTestId("review-card");
  await expect(cards).toHaveCount(3);
  await expect(page.getByTestId("review-progress")).toHaveText("0 of 3 reviewed");
  expect(await noHorizontalScroll(page)).toBeLessThanOrEqual(0);
  await snap(page, testInfo, "review-phone-start");
  const weight = await scriptWeight(page, request);
  testInfo.annotations.push({ type: "review page JS", description: `${weight.scripts} scripts, ${weight.gzipKB} KB gzipped` });
  expect(weight.gzipKB).toBeLessThan(160); // Next/React's runtime is ~129 KB of it (bench/flags.ts)

  await cards.nth(0).getByTestId("choose-clear").click();
  await cards.nth(1).getByTestId("choose-confirm").click();
  await page.getByTestId("review-undo").click(); // the confirm was a slip
  await expect(cards.nth(1).getByTestId("choose-confirm")).toHaveAttribute("aria-pressed", "false");
  await cards.nth(1).getByTestId("choose-defer").click();
  await cards.nth(2).getByTestId("choose-clear").click();
  await expect(page.getByTestId("review-progress")).toHaveText("3 of 3 reviewed");
  await expect(page.getByTestId("review-submit")).toHaveText("Submit 3 decisions");
  const box = await page.getByTestId("review-submit").boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(44);
  await snap(page, testInfo, "review-phone-decided");
  await page.emulateMedia({ colorScheme: "dark" });
  await snap(page, testInfo, "review-phone-decided-dark");
  await page.emulateMedia({ colorScheme: "light" });

  await page.getByTestId("review-submit").click();
  const summary = page.getByTestId("review-summary");
  await expect(summary).toBeVisible();
  await expect(summary).toContainText("Not infringing (flag cleared)2");
  await expect(summary).toContainText("Decide later1");
  await expect(page.getByTestId("card-decided")).toHaveCount(3);
  expect(await noHorizontalScroll(page)).toBeLessThanOrEqual(0);
  await snap(page, testInfo, "review-phone-summary");

  expect(await negatedByQueryLabels(request, flags.map((f) => f.uri))).toEqual([true, false, true]);

  // A reload shows the finished batch, not the old choices.
  await page.reload();
  await expect(page.getByTestId("review-summary")).toBeVisible();
  await expect(page.getByTestId("review-submit")).toHaveCount(0);
});

test("phone: a second moderator's decision on a decided flag comes back as an inline conflict", async ({ page, request }, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "phone only");
  const word = runWord();
  const flags = await emitFlags(request, word, ["First Come", "Second Serve"]);
  const { id } = await (await request.post("/admin/batches", { headers: admin, data: { uris: flags.map((f) => f.uri) } })).json();
  const moderator = await (await request.post("/api/tokens", { headers: admin, data: { name: `mod-${word}`, role: "moderator" } })).json();

  await page.goto(`/login?callbackUrl=${encodeURIComponent(`/review/${id}`)}`);
  await page.getByTestId("token-input").fill(moderator.token);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("review-card").first().getByTestId("choose-clear").click();

  // Meanwhile someone else confirms that flag.
  await request.post(`/admin/review/${id}/submit`, { headers: admin, data: { decisions: [{ uri: flags[0]!.uri, decision: "confirm" }] } });
  await page.getByTestId("review-submit").click();
  await expect(page.getByTestId("review-card").first().getByRole("alert")).toContainText("decided this first: infringing");
  expect(await negatedByQueryLabels(request, [flags[0]!.uri])).toEqual([false]);
  await snap(page, testInfo, "review-phone-conflict");
});

test("desktop: keyboard shortcuts, listed behind ?", async ({ page, request }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "keyboard shortcuts are for desktop");
  const word = runWord();
  const flags = await emitFlags(request, word, ["Key One", "Key Two"]);
  const { url } = await (await request.post("/admin/batches", { headers: admin, data: { uris: flags.map((f) => f.uri) } })).json();
  await page.goto(`/login?callbackUrl=${encodeURIComponent(url)}`);
  await page.getByTestId("token-input").fill(E2E_ADMIN_TOKEN);
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("review-card")).toHaveCount(2);

  await expect(page.getByTestId("review-card").first()).toHaveAttribute("data-active", "true"); // current from the start
  await expect(page.getByTestId("choose-clear").first()).toBeEnabled(); // the shortcuts listen once the page is live
  await page.keyboard.press("?");
  await expect(page.getByTestId("shortcuts-help")).toContainText("Infringing (confirm the flag)");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("shortcuts-help")).toHaveCount(0);
  await page.keyboard.press("c"); // clears card 1 and moves to card 2
  await page.keyboard.press("x");
  await expect(page.getByTestId("review-progress")).toHaveText("2 of 2 reviewed");
  await page.keyboard.press("s");
  await expect(page.getByTestId("review-summary")).toContainText("Infringing (flag confirmed)1");
  expect(await negatedByQueryLabels(request, flags.map((f) => f.uri))).toEqual([true, false]);
});
