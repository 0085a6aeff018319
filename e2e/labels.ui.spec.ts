import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN_TOKEN } from "./support/settings";
import { defineLabelValues } from "./support/label-definitions";

async function logIn(page: Page, path: string) {
  await page.goto(`/login?callbackUrl=${encodeURIComponent(path)}`);
  await page.getByTestId("token-input").fill(E2E_ADMIN_TOKEN);
  await page.getByTestId("login-submit").click();
  await expect(page).toHaveURL(new RegExp(`${path.replace(/[?]/g, "\\?")}$`));
}

test.beforeAll(() => defineLabelValues(["spam", "a-rather-long-label-value-for-wrapping"]));

test("a moderator finds an emitted label, negates it with a reason, and sees it negated", async ({ page, request }, testInfo) => {
  const uri = `at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/${testInfo.project.name}-${Date.now()}`;
  const emitted = await request.post("/emit-label", { headers: { "x-moderation-key": E2E_ADMIN_TOKEN }, data: { uri, val: "spam" } });
  expect(emitted.status()).toBe(200);

  await logIn(page, "/labels");
  await expect(page.getByTestId("labeler-did")).toContainText("did:");
  await expect(page.getByTestId("labeler-key")).toContainText("did:key:z");
  await expect(page.getByTestId("labeler-stream")).toContainText("/xrpc/com.atproto.label.subscribeLabels");

  // On a phone the search is folded behind its button (components/filter-disclosure.tsx).
  if (testInfo.project.name === "phone") await page.getByTestId("filters-toggle").click();
  await page.getByTestId("labels-subject").fill(uri);
  await page.getByTestId("labels-search").click();
  const row = page.locator(`[data-testid="label-row"][data-uri="${uri}"][data-val="spam"]`);
  await expect(row.getByTestId("label-status")).toHaveText("active");

  await row.getByTestId("negate-open").click();
  await row.getByTestId("negate-submit").click();
  await expect(row.getByTestId("negate-error")).toContainText("reason");
  await row.getByTestId("negate-reason").fill("false positive: the uploader owns the song");
  await row.getByTestId("negate-submit").click();
  await expect(row.getByTestId("label-status")).toHaveText("negated");
  await expect(row.getByTestId("negate-open")).toHaveCount(0);

  await row.getByRole("link", { name: uri }).click();
  await expect(page.getByTestId("history-row")).toHaveCount(2);
  await expect(page.getByTestId("history-row").nth(1)).toContainText("negation");
});

test("the labels page fits a 360 px screen without horizontal scrolling", async ({ page, request }) => {
  const uri = `at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/${"long".repeat(20)}-${Date.now()}`;
  await request.post("/emit-label", { headers: { "x-moderation-key": E2E_ADMIN_TOKEN }, data: { uri, val: "a-rather-long-label-value-for-wrapping" } });
  await page.setViewportSize({ width: 360, height: 740 });
  await logIn(page, "/labels");
  for (const path of ["/labels", `/labels?${new URLSearchParams({ history: uri })}`]) {
    await page.goto(path);
    await expect(page.getByTestId("label-row").first()).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
  }
});

test("the labels list pages by 50 and says where it is; Newer brings back the same first page", async ({ page, request }) => {
  test.setTimeout(90_000);
  const prefix = `at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/paged-${Date.now()}-`;
  for (let i = 0; i < 52; i++) {
    const emitted = await request.post("/emit-label", { headers: { "x-moderation-key": E2E_ADMIN_TOKEN }, data: { uri: `${prefix}${i}`, val: "spam" } });
    expect(emitted.status()).toBe(200);
  }
  await logIn(page, "/labels");
  await page.goto(`/labels?subject=${encodeURIComponent(`${prefix}*`)}`);
  const uris = () => page.getByTestId("label-row").evaluateAll((all) => all.map((row) => row.getAttribute("data-uri")));
  await expect(page.getByTestId("pager-position")).toHaveText("1–50");
  await expect(page.getByTestId("pager-previous")).toHaveCount(0);
  const first = await uris();

  await page.getByTestId("labels-older").click();
  await expect(page.getByTestId("pager-position")).toHaveText("51–52");
  const second = await uris();
  expect(second).toHaveLength(2);
  expect(second.filter((uri) => first.includes(uri))).toEqual([]);

  await page.getByTestId("pager-previous").click();
  await expect(page.getByTestId("pager-position")).toHaveText("1–50");
  expect(await uris()).toEqual(first);
});
