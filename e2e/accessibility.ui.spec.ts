// axe on every page a moderator opens: the login page, each dashboard page (a flag's,
// a relay event's and a run's own page included), and the batch review; light and dark,
// on the desktop and phone projects. Zero violations, no rule disabled.
import AxeBuilder from "@axe-core/playwright";
import { expect, request as playwrightRequest, test, type Page } from "@playwright/test";
import { finalizeEvent, generateSecretKey, getPublicKey } from "nostr-tools/pure";
import { FAKE_API_KEY, startFakeAnthropic, type FakeAnthropic } from "../test/support/fake-anthropic";
import { admin, emitFlags, runWord } from "./support/flags";
import { logIn } from "./support/login";
import { E2E_ADMIN_TOKEN, E2E_PORT, E2E_RELAY_SECRET } from "./support/settings";
import { startWarden, type WardenProcess } from "./support/warden-process";

const schemes = ["light", "dark"] as const;
const bearer = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };

/** "path: rule (impact) at selector, …" for each violation, so a failure says what to fix. */
async function violations(page: Page, path: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.map((v) => `${path}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

async function visit(page: Page, path: string, ready?: (page: Page) => Promise<void>): Promise<string[]> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  await page.waitForLoadState("load");
  await ready?.(page);
  return violations(page, path);
}

/** A held relay event, published through the real write policy by a new member. */
async function heldEvent(request: import("@playwright/test").APIRequestContext): Promise<string> {
  const key = generateSecretKey();
  expect((await request.post("/api/relay/pubkeys", { headers: bearer, data: { pubkey: getPublicKey(key), tier: "member" } })).ok()).toBe(true);
  const event = finalizeEvent({ kind: 1, created_at: Math.floor(Date.now() / 1000), tags: [["t", "e2e"]], content: "held for the accessibility check" }, key);
  const response = await request.post("/api/relay/policy", {
    headers: { authorization: `Bearer ${E2E_RELAY_SECRET}` },
    data: { type: "new", event, receivedAt: Math.floor(Date.now() / 1000), sourceType: "IP4", sourceInfo: "127.0.0.1" },
  });
  expect(await response.json()).toMatchObject({ id: event.id, action: "shadowReject" });
  return event.id;
}

/** A reported account's subject id, filed through a reporter token. */
async function reportedSubject(request: import("@playwright/test").APIRequestContext): Promise<number> {
  const did = `did:plc:${runWord().replace(/[^a-z2-7]/g, "a").padEnd(24, "a").slice(0, 24)}`;
  const created = await request.post("/api/tokens", { headers: bearer, data: { name: `a11y-scanner-${runWord()}`, role: "reporter" } });
  const { token } = (await created.json()) as { token: string };
  expect((await request.post("/api/reports", { headers: { authorization: `Bearer ${token}` }, data: { reasonType: "com.atproto.moderation.defs#reasonSpam", subject: { did } } })).ok()).toBe(true);
  const { subjects } = (await (await request.get("/api/reports?state=open&limit=100", { headers: bearer })).json()) as { subjects: { id: number; subject: { did?: string } }[] };
  return subjects.find((entry) => entry.subject.did === did)!.id;
}

for (const colorScheme of schemes) {
  test(`${colorScheme}: the login page, every dashboard page and the batch review have no axe violation`, async ({ page, request }) => {
    test.setTimeout(300_000);
    await page.emulateMedia({ colorScheme });
    const found = await visit(page, "/login");

    const word = runWord();
    const [flag] = await emitFlags(request, word, ["Accessible Song"]);
    const batch = await (await request.post("/admin/batches", { headers: admin, data: { uris: [flag!.uri], created_by: "e2e" } })).json();
    const eventId = await heldEvent(request);
    const subjectId = await reportedSubject(request);
    await logIn(page, E2E_ADMIN_TOKEN, "/");

    const paths = [
      "/",
      "/flags",
      `/flags/detail?${new URLSearchParams({ uri: flag!.uri })}`,
      "/flags/sensitive-images",
      "/batches",
      "/relay",
      `/relay/events/${eventId}`,
      "/relay/pubkeys",
      "/reports",
      `/reports/${subjectId}`,
      "/labels",
      `/labels?${new URLSearchParams({ subject: flag!.uri })}`,
      "/label-definitions",
      "/triage",
      "/audit",
      "/settings",
    ];
    for (const path of paths) found.push(...(await visit(page, path)));
    // The review's buttons are disabled until hydrated: check the page a moderator taps on.
    found.push(...(await visit(page, batch.url, (p) => expect(p.getByTestId("choose-clear").first()).toBeEnabled())));
    // A report batch on the same page (decision 035): the subject's card and its three buttons.
    const reports = await (await request.post("/api/reports/batches", { headers: admin, data: { ids: [subjectId], act: { action: "escalate" } } })).json();
    found.push(...(await visit(page, reports.url, (p) => expect(p.getByTestId("choose-clear").first()).toBeEnabled())));
    expect(found).toEqual([]);
  });
}

// A run's page needs a run, and runs need a model: a Warden of its own with a fake one.
test.describe("a triage run's page", () => {
  const port = E2E_PORT + 11;
  test.use({ baseURL: `http://127.0.0.1:${port}` });
  let anthropic: FakeAnthropic;
  let warden: WardenProcess;

  test.beforeAll(async () => {
    anthropic = await startFakeAnthropic();
    warden = await startWarden(port, { ADMIN_TOKEN: E2E_ADMIN_TOKEN, ANTHROPIC_API_KEY: FAKE_API_KEY, ANTHROPIC_BASE_URL: anthropic.url });
  });

  test.afterAll(async () => {
    expect(await warden?.stop()).toBe(0);
    await anthropic?.close();
  });

  test("has no axe violation in either theme, with its items' evidence shown", async ({ page }) => {
    test.setTimeout(180_000);
    const api = await playwrightRequest.newContext({ baseURL: warden.url });
    await emitFlags(api, runWord(), ["Run Song"]);
    const { run } = await (await api.post("/api/triage/runs", { headers: bearer, data: { dry_run: true, only: "flags" } })).json();
    await api.dispose();
    expect(run?.id, JSON.stringify(run)).toBeTruthy();
    await logIn(page, E2E_ADMIN_TOKEN, `/triage/runs/${run.id}`);
    await expect(page.getByTestId("run-item-flag").first().getByTestId("match-link")).toBeVisible();
    const found: string[] = [];
    for (const colorScheme of schemes) {
      await page.emulateMedia({ colorScheme });
      found.push(...(await violations(page, `/triage/runs/${run.id} (${colorScheme})`)));
    }
    expect(found).toEqual([]);
  });
});
