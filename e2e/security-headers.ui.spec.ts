// Every dashboard page under the CSP the custom server sends (lib/http/security-headers.ts),
// on desktop and phone: a fresh nonce per page and no 'unsafe-inline' for scripts,
// no violation reported by Chromium, and React hydrated (clicks do what they should).
import { randomBytes } from "node:crypto";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page, type Response } from "@playwright/test";
import { finalizeEvent, generateSecretKey, getPublicKey, type NostrEvent } from "nostr-tools/pure";
import { FAKE_API_KEY, startFakeAnthropic, type FakeAnthropic } from "../test/support/fake-anthropic";
import { admin, emitFlags } from "./support/flags";
import { E2E_ADMIN_TOKEN, E2E_PORT, E2E_RELAY_SECRET } from "./support/settings";
import { startWarden, type WardenProcess } from "./support/warden-process";

// A Warden of its own with a fake model, so that the triage chart and a run's page have data.
const PORT = E2E_PORT + 12;
const CRON_SECRET = "e2e-cron-secret-0123456789abcdef";

test.use({ baseURL: `http://127.0.0.1:${PORT}` });

let anthropic: FakeAnthropic;
let warden: WardenProcess;
let api: APIRequestContext;
let seeded: { flagUri: string; reviewPath: string; runId: string; held: NostrEvent };

test.beforeAll(async () => {
  anthropic = await startFakeAnthropic();
  warden = await startWarden(PORT, {
    ADMIN_TOKEN: E2E_ADMIN_TOKEN,
    RELAY_SECRET: E2E_RELAY_SECRET,
    ANTHROPIC_API_KEY: FAKE_API_KEY,
    ANTHROPIC_BASE_URL: anthropic.url,
    CRON_SECRET,
  });
  api = await playwrightRequest.newContext({ baseURL: warden.url });
  seeded = await seed(api);
});

test.afterAll(async () => {
  await api?.dispose();
  expect(await warden?.stop()).toBe(0);
  await anthropic?.close();
});

/** Something on every page: flags, a review batch, a real triage run (the chart), a held relay event. */
async function seed(request: APIRequestContext) {
  const word = randomBytes(4).toString("hex");
  // Triage takes flags in no batch (the fake model clears them): first the run, then the batch.
  await emitFlags(request, `${word}t`, ["Field recording", "Room tone"]);
  const run = await (await request.get("/api/cron/triage", { headers: { authorization: `Bearer ${CRON_SECRET}` } })).json();
  expect(run.counts).toMatchObject({ auto_resolved: 2 });
  const flags = await emitFlags(request, word, ["Night Drive", "Paper Moon", "Glass Harbour"]);
  const batch = await (await request.post("/admin/batches", { headers: admin, data: { uris: flags.map((f) => f.uri), created_by: "e2e" } })).json();

  const key = generateSecretKey();
  const bearer = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
  expect((await request.post("/api/relay/pubkeys", { headers: bearer, data: { pubkey: getPublicKey(key), tier: "member" } })).ok()).toBe(true);
  const held = finalizeEvent({ kind: 1, created_at: Math.floor(Date.now() / 1000), tags: [], content: `held ${word}` }, key);
  const policy = await request.post("/api/relay/policy", {
    headers: { authorization: `Bearer ${E2E_RELAY_SECRET}` },
    data: { type: "new", event: held, receivedAt: Math.floor(Date.now() / 1000), sourceType: "IP4", sourceInfo: "127.0.0.1" },
  });
  expect(await policy.json()).toMatchObject({ action: "shadowReject" });
  return { flagUri: flags[0]!.uri, reviewPath: batch.url as string, runId: run.id as string, held };
}

/**
 * What Chromium refuses: its console lines ("Refused to …", "… violates the following
 * Content Security Policy directive …"), the securitypolicyviolation event (reported from
 * an init script, which the CSP does not govern), and page errors.
 */
async function watchForViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on("console", (message) => {
    if (/Refused to|Content Security Policy|securitypolicyviolation|Permissions-Policy/i.test(message.text())) seen.push(message.text());
  });
  page.on("pageerror", (error) => seen.push(`page error: ${error.message}`));
  await page.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (event) => console.error(`securitypolicyviolation: ${event.effectiveDirective} ${event.blockedURI}`)),
  );
  return seen;
}

/** A nonce never seen before, 'strict-dynamic', and no 'unsafe-inline' for scripts; no framing. */
function expectStrictCsp(response: Response | null, nonces: Set<string>): void {
  const headers = response!.headers();
  const csp = headers["content-security-policy"] ?? "";
  const scriptSrc = csp.split(";").map((directive) => directive.trim()).find((directive) => directive.startsWith("script-src ")) ?? "";
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(scriptSrc)?.[1];
  expect(nonce, csp).toBeTruthy();
  expect(nonces.has(nonce!), "the nonce is fresh").toBe(false);
  nonces.add(nonce!);
  expect(scriptSrc).toContain("'strict-dynamic'");
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(scriptSrc).not.toContain("'unsafe-eval'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers).toMatchObject({ "x-frame-options": "DENY", "x-content-type-options": "nosniff", "referrer-policy": "same-origin" });
}

/** React attaches its fiber to the DOM nodes it hydrates. */
const expectHydrated = (page: Page) =>
  expect.poll(() => page.evaluate(() => Object.keys(document.querySelector("main") ?? {}).some((key) => key.startsWith("__reactFiber$")))).toBe(true);

/** A click that only does something once hydrated: the phone's Menu button, or a client-side navigation on desktop. */
async function openMenuIfPhone(page: Page, phone: boolean): Promise<void> {
  if (!phone) return;
  const menu = page.getByRole("button", { name: "Menu" });
  await menu.click();
  await expect(page.getByRole("button", { name: "Close" })).toHaveAttribute("aria-expanded", "true");
}

test("every page under the CSP: a fresh nonce, no violation, hydrated and working", async ({ page }, testInfo) => {
  const phone = testInfo.project.name === "phone";
  const violations = await watchForViolations(page);
  const nonces = new Set<string>();

  expectStrictCsp(await page.goto("/login?callbackUrl=%2Fflags"), nonces);
  await expectHydrated(page);
  await page.getByTestId("token-input").fill(E2E_ADMIN_TOKEN);
  await page.getByTestId("login-submit").click(); // signIn() runs in the page
  await expect(page).toHaveURL(/\/flags$/);

  // A client-side navigation keeps the window: the router ran.
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));
  await openMenuIfPhone(page, phone);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Batches" }).click();
  await expect(page).toHaveURL(/\/batches$/);
  expect(await page.evaluate(() => "sameDocument" in window)).toBe(true);

  const pages = [
    "/",
    "/flags",
    `/flags/detail?uri=${encodeURIComponent(seeded.flagUri)}`,
    "/flags/sensitive-images",
    "/batches",
    "/relay",
    "/relay/pubkeys",
    "/reports",
    "/labels",
    "/triage",
    `/triage/runs/${seeded.runId}`,
    "/audit",
    "/settings",
  ];
  for (const path of pages) {
    await test.step(path, async () => {
      expectStrictCsp(await page.goto(path), nonces);
      await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
      await expectHydrated(page);
      await openMenuIfPhone(page, phone);
      expect(violations).toEqual([]);
    });
  }

  await test.step("the triage chart's bars keep their heights (style attributes)", async () => {
    await page.goto("/triage");
    // Empty divs: only their style="height: …%" gives them a height.
    const heights = await page.getByTestId("outcome-chart").locator("[style]").evaluateAll((bars) => bars.map((bar) => bar.getBoundingClientRect().height));
    expect(Math.max(0, ...heights)).toBeGreaterThan(0);
  });

  await test.step("a held event is approved with its button", async () => {
    await page.goto(`/relay?author=${seeded.held.pubkey}`);
    const item = page.locator(`[data-testid=queue-item][data-id="${seeded.held.id}"]`);
    await expect(item.getByTestId("approve")).toBeEnabled();
    await item.getByTestId("approve").click();
    await expect(item).toHaveCount(0);
  });

  await test.step("the phone review: a decision moves the progress bar", async () => {
    expectStrictCsp(await page.goto(seeded.reviewPath), nonces);
    await expectHydrated(page);
    await page.getByTestId("review-card").first().getByTestId("choose-clear").click();
    await expect(page.getByTestId("review-progress")).toHaveText(/^1 of \d+ reviewed$/);
  });

  await test.step("a page that does not exist", async () => {
    expectStrictCsp(await page.goto("/no-such-page"), nonces);
    await expectHydrated(page);
  });

  expect(violations).toEqual([]);
});

test("the dashboard refuses to be framed (click-jacking)", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "one browser is enough");
  const refused: string[] = [];
  page.on("console", (message) => refused.push(message.text()));
  await page.setContent(`<iframe src="${warden.url}/login" width="600" height="400"></iframe>`);
  await expect.poll(() => refused.some((text) => text.includes("frame-ancestors"))).toBe(true);
  const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
  expect(await frame?.locator("[data-testid=token-input]").count()).toBe(0);
});

test("an injected inline script or style is refused, and reported as the checks above expect", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "one browser is enough");
  const violations = await watchForViolations(page);
  await page.route("**/login", async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace("<body", "<script>window.injected = 1</script><style>body{color:red}</style><body");
    await route.fulfill({ response, body: html });
  });
  await page.goto("/login");
  const reported = (directive: string) => violations.some((text) => text.startsWith(`securitypolicyviolation: ${directive}`));
  await expect.poll(() => reported("script-src-elem") && reported("style-src-elem")).toBe(true);
  expect(await page.evaluate(() => "injected" in window)).toBe(false);
});
