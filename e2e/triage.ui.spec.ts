import { randomBytes } from "node:crypto";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { defaultDecide, FAKE_API_KEY, startFakeAnthropic, type FakeAnthropic } from "../test/support/fake-anthropic";
import { logIn } from "./support/login";
import { E2E_ADMIN_TOKEN, E2E_PORT } from "./support/settings";
import { startWarden, type WardenProcess } from "./support/warden-process";

// The Triage pages in a Warden of its own, with a fake model: a dry run from the
// button, a real run from the cron, the run's items with their rationale, and Undo.
const PORT = E2E_PORT + 10;
const CRON_SECRET = "e2e-cron-secret-0123456789abcdef";

test.use({ baseURL: `http://127.0.0.1:${PORT}` });

let anthropic: FakeAnthropic;
let warden: WardenProcess;
let api: APIRequestContext;

test.beforeAll(async () => {
  // Reports saying "BUY" are spam to the fake; everything else gets its usual answer.
  anthropic = await startFakeAnthropic({
    decide: (item, pipeline) =>
      pipeline === "reports" && JSON.stringify(item.data.reports).includes("BUY")
        ? { verdict: "dismiss", reason: "An advertisement posted through the report form.", confidence: 0.97 }
        : defaultDecide(item, pipeline),
  });
  warden = await startWarden(PORT, { ADMIN_TOKEN: E2E_ADMIN_TOKEN, ANTHROPIC_API_KEY: FAKE_API_KEY, ANTHROPIC_BASE_URL: anthropic.url, CRON_SECRET });
  api = await playwrightRequest.newContext({ baseURL: warden.url });
});

test.afterAll(async () => {
  await api?.dispose();
  expect(await warden?.stop()).toBe(0);
  await anthropic?.close();
});

async function emitFlag(title: string, score: number): Promise<string> {
  const word = randomBytes(4).toString("hex");
  const uri = `at://did:plc:e2etriageui${word}aa/fm.plyr.track/${word}`;
  const response = await api.post("/emit-label", {
    headers: { "x-moderation-key": E2E_ADMIN_TOKEN },
    data: { uri, val: "copyright-violation", context: { track_id: 1, track_title: title, highest_score: score, matches: [] } },
  });
  expect(response.status()).toBe(200);
  return uri;
}

const inForce = async (uri: string) => {
  const { labels } = await (await api.get(`/xrpc/com.atproto.label.queryLabels?uriPatterns=${encodeURIComponent(uri)}`)).json();
  return labels.length === 1 && !labels[0].neg;
};

test("a dry run from the button changes nothing; a real run's automatic resolve can be undone", async ({ page }) => {
  const noise = await emitFlag("Field recording", 0.4);
  const hit = await emitFlag("Chart single", 0.995);

  await logIn(page, E2E_ADMIN_TOKEN, "/triage");
  await expect(page.getByTestId("triage-disabled")).toHaveCount(0);
  await page.getByTestId("run-now").click();
  await expect(page).toHaveURL(/\/triage\/runs\//, { timeout: 60_000 });
  await expect(page.getByTestId("run-dry")).toBeVisible();
  await expect(page.getByTestId("decision-row")).toHaveCount(2);
  expect(await inForce(noise)).toBe(true);

  const run = await (await api.get("/api/cron/triage", { headers: { authorization: `Bearer ${CRON_SECRET}` } })).json();
  expect(run.counts).toMatchObject({ auto_resolved: 1, violation: 1 });
  expect(await inForce(noise)).toBe(false);
  expect(await inForce(hit)).toBe(true);

  await page.goto("/triage");
  await expect(page.getByTestId("run-row")).toHaveCount(2);
  await expect(page.getByTestId("outcome-chart")).toBeVisible();

  await page.goto(`/triage/runs/${run.id}`);
  const resolved = page.getByTestId("decision-row").filter({ hasText: "FALSE_POSITIVE" });
  await expect(resolved).toContainText(/noise/i);
  await resolved.getByTestId("undo-open").click();
  await resolved.getByTestId("undo-confirm").click();
  await expect(page.getByTestId("undo-done").first()).toBeVisible();
  await expect.poll(() => inForce(noise)).toBe(true);
});

test("the runs table pages by 25 with the position and Newer runs, back to the same first page", async ({ page }) => {
  test.setTimeout(120_000);
  // With nothing waiting, a cron run only records itself: 25 more make at least two pages.
  for (let i = 0; i < 25; i++) {
    const response = await api.get("/api/cron/triage", { headers: { authorization: `Bearer ${CRON_SECRET}` } });
    expect(response.ok()).toBe(true);
  }
  await logIn(page, E2E_ADMIN_TOKEN, "/triage");
  const ids = () => page.getByTestId("run-row").evaluateAll((all) => all.map((row) => row.getAttribute("data-id")));
  await expect(page.getByTestId("pager-position")).toHaveText(/^1–25 of \d+$/);
  await expect(page.getByTestId("pager-previous")).toHaveCount(0);
  const first = await ids();

  await page.getByTestId("runs-next").click();
  await expect(page.getByTestId("pager-position")).toHaveText(/^26–\d+ of \d+$/);
  const second = await ids();
  expect(second.length).toBeGreaterThan(0);
  expect(second.filter((id) => first.includes(id))).toEqual([]);

  await page.getByTestId("pager-previous").click();
  await expect(page.getByTestId("pager-position")).toHaveText(/^1–25 of \d+$/);
  expect(await ids()).toEqual(first);
});

test("a spam report is dismissed by the triage, shown on the run and in the inbox, and Undo reopens it", async ({ page }) => {
  const word = randomBytes(4).toString("hex");
  const file = (did: string, reason: string) =>
    api.post("/api/reports", {
      headers: { authorization: `Bearer ${E2E_ADMIN_TOKEN}` },
      data: { reasonType: "com.atproto.moderation.defs#reasonSpam", reason, subject: { did } },
    });
  const spam = `did:plc:e2espam${word}aaaaaaaaaa`.slice(0, 32);
  const real = `did:plc:e2ereal${word}aaaaaaaaaa`.slice(0, 32);
  expect((await file(spam, "BUY followers cheap")).status()).toBe(200);
  expect((await file(real, "This account sends me threats")).status()).toBe(200);

  const run = await (await api.get("/api/cron/triage?only=reports", { headers: { authorization: `Bearer ${CRON_SECRET}` } })).json();
  expect(run.counts).toMatchObject({ auto_dismissed: 1, needs_human: 1 });

  await logIn(page, E2E_ADMIN_TOKEN, `/triage/runs/${run.id}`);
  const dismissed = page.getByTestId("decision-row").filter({ hasText: spam });
  await expect(dismissed).toContainText("Auto-dismissed");
  await expect(dismissed.getByTestId("run-item-report")).toContainText("dismissed now");
  await expect(page.getByTestId("decision-row").filter({ hasText: real })).toContainText("Needs a human");

  // The one left open shows the model's reason in the inbox; the dismissed one offers Undo there.
  await page.goto(`/reports?author=${real}`);
  await expect(page.getByTestId("ai-decision")).toContainText(/AI: needs_human/);
  await page.goto(`/reports?state=dismissed&author=${spam}`);
  const line = page.getByTestId("ai-decision");
  await expect(line).toContainText("advertisement");
  await line.getByTestId("undo-open").click();
  await line.getByTestId("undo-confirm").click();
  await expect(page.getByTestId("undo-done")).toContainText("is open again");
  const { subjects } = await (await api.get(`/api/reports?author=${spam}`, { headers: { authorization: `Bearer ${E2E_ADMIN_TOKEN}` } })).json();
  expect(subjects).toEqual([expect.objectContaining({ state: "open" })]);
});
