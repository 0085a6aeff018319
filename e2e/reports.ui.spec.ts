import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { finalizeEvent, generateSecretKey, getPublicKey } from "nostr-tools/pure";
import { logIn } from "./support/login";
import { E2E_ADMIN_TOKEN, E2E_RELAY_SECRET } from "./support/settings";

const admin = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
const SPAM = "com.atproto.moderation.defs#reasonSpam";

/** A service token with the reporter role, as a scanner would hold. */
async function reporterToken(request: APIRequestContext, name: string): Promise<string> {
  const response = await request.post("/api/tokens", { headers: admin, data: { name, role: "reporter" } });
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { token: string }).token;
}

/** On a phone the filters are folded behind one button; from the md breakpoint they show. */
async function showFilters(page: Page) {
  if (await page.getByTestId("filter-author").isHidden()) await page.getByTestId("filters-toggle").click();
  await expect(page.getByTestId("filter-author")).toBeVisible();
}

test("reports of one post are one row; a moderator escalates it, then labels it, and the label is served", async ({ page, request }, testInfo) => {
  const run = `${testInfo.project.name}-${randomBytes(3).toString("hex")}`;
  const subject = { uri: `at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/${run}`, cid: `bafyrei${"c".repeat(52)}` };
  for (const name of [`scanner-a-${run}`, `scanner-b-${run}`]) {
    const token = await reporterToken(request, name);
    const filed = await request.post("/api/reports", { headers: { authorization: `Bearer ${token}` }, data: { reasonType: SPAM, reason: "found by a scanner", subject } });
    expect(filed.ok()).toBe(true);
  }

  await logIn(page, E2E_ADMIN_TOKEN, "/reports?sort=recent");
  const row = page.getByTestId("report-subject").filter({ hasText: subject.uri });
  await expect(row.getByTestId("subject-counts")).toHaveText("2 reports from 2 reporters");
  await expect(row.getByTestId("subject-reasons")).toHaveText("Spam");
  await expect(row.getByTestId("subject-state")).toHaveText("open");
  // The e2e server's AppView is unreachable on purpose: the row says so instead of the post.
  await expect(row.getByTestId("subject-content")).toHaveText("Content not shown: the AppView could not be reached.");
  // The action bar fits the viewport's width, phone included.
  const box = await page.getByTestId("subject-actions").boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(page.viewportSize()!.width);

  await expect(page.getByTestId("action-escalate")).toBeEnabled();
  await row.getByTestId("subject-select").check();
  await page.getByTestId("action-note").fill("a second opinion, please");
  await page.getByTestId("action-escalate").click();
  await expect(page.getByTestId("action-message")).toHaveText(/escalate: 1 subject\(s\) done/);
  await expect(row).toHaveCount(0);

  await page.getByTestId("state-escalated").click();
  const escalated = page.getByTestId("report-subject").filter({ hasText: subject.uri });
  await expect(escalated.getByTestId("subject-state")).toHaveText("escalated");
  await escalated.getByTestId("subject-select").check();
  await page.getByTestId("action-label-value").fill("porn"); // a global value: needs no definition
  await page.getByTestId("action-label").click();
  // The first label of a fresh server creates its signing key and starts the signing threads.
  await expect(page.getByTestId("action-message")).toHaveText(/label: 1 subject\(s\) done/, { timeout: 30_000 });
  await expect(escalated).toHaveCount(0);

  const labels = await request.get(`/xrpc/com.atproto.label.queryLabels?uriPatterns=${encodeURIComponent(subject.uri)}`);
  expect(((await labels.json()) as { labels: { val: string }[] }).labels.map((label) => label.val)).toEqual(["porn"]);
  const audit = await request.get(`/api/reports?state=resolved`, { headers: admin });
  expect(((await audit.json()) as { subjects: { subject: { uri?: string } }[] }).subjects.some((entry) => entry.subject.uri === subject.uri)).toBe(true);

  // The audit log's entry for the escalation links to the subject's page.
  await page.goto("/audit?action=reports.escalate");
  await page.getByTestId("audit-row").filter({ hasText: subject.uri }).first().getByTestId("audit-subject-link").click();
  await expect(page).toHaveURL(/\/reports\/\d+$/);
  await expect(page.getByText(subject.uri).first()).toBeVisible();
});

test("a subject another moderator claimed shows who holds it; acting needs an explicit take-over", async ({ browser, page, request }, testInfo) => {
  const run = `${testInfo.project.name}-${randomBytes(3).toString("hex")}`;
  const subject = { did: `did:plc:${randomBytes(12).toString("hex").slice(0, 24).replace(/[0189]/g, "a")}` };
  const scanner = await reporterToken(request, `scanner-c-${run}`);
  expect((await request.post("/api/reports", { headers: { authorization: `Bearer ${scanner}` }, data: { reasonType: SPAM, subject } })).ok()).toBe(true);
  const moderator = await request.post("/api/tokens", { headers: admin, data: { name: `mod-${run}`, role: "moderator" } });
  const modToken = ((await moderator.json()) as { token: string }).token;

  // The other moderator, in a browser of their own, claims the subject from the inbox.
  const otherContext = await browser.newContext({ baseURL: testInfo.project.use.baseURL, viewport: page.viewportSize() });
  const other = await otherContext.newPage();
  await logIn(other, modToken, "/reports");
  const theirRow = other.getByTestId("report-subject").filter({ hasText: subject.did });
  await expect(other.getByTestId("action-claim")).toBeEnabled();
  await theirRow.getByTestId("subject-select").check();
  await other.getByTestId("action-claim").click();
  await expect(other.getByTestId("action-message")).toHaveText(/claim: 1 subject\(s\) done/);
  await expect(theirRow.getByTestId("subject-claim")).toHaveText(`claimed by mod-${run}`);

  await logIn(page, E2E_ADMIN_TOKEN, "/reports");
  const row = page.getByTestId("report-subject").filter({ hasText: subject.did });
  await expect(row.getByTestId("subject-claim")).toHaveText(`claimed by mod-${run}`);
  await expect(page.getByTestId("action-dismiss")).toBeEnabled();
  await row.getByTestId("subject-select").check();
  await page.getByTestId("action-dismiss").click();
  await expect(page.getByTestId("action-message")).toHaveText(/dismiss: 0 subject\(s\) done; 1 skipped \(claimed by mod-/);
  await row.getByTestId("subject-select").check();
  await page.getByTestId("action-take-over").check();
  await page.getByTestId("action-dismiss").click();
  await expect(page.getByTestId("action-message")).toHaveText(/dismiss: 1 subject\(s\) done/);
  await expect(row).toHaveCount(0);
  await otherContext.close();
});

test("filters by reported author and reason; j, x and d from the keyboard; ? lists the shortcuts", async ({ page, request }, testInfo) => {
  const run = `${testInfo.project.name}-${randomBytes(3).toString("hex")}`;
  const did = `did:plc:${randomBytes(12).toString("hex").slice(0, 24).replace(/[0189]/g, "b")}`;
  const scanner = await reporterToken(request, `scanner-k-${run}`);
  for (const rkey of ["k1", "k2"]) {
    const filed = await request.post("/api/reports", { headers: { authorization: `Bearer ${scanner}` }, data: { reasonType: SPAM, subject: { uri: `at://${did}/app.bsky.feed.post/${rkey}`, cid: `bafyrei${"d".repeat(52)}` } } });
    expect(filed.ok()).toBe(true);
  }

  await logIn(page, E2E_ADMIN_TOKEN, "/reports");
  await expect(page.getByTestId("filters-toggle")).toBeEnabled(); // hydrated
  await showFilters(page);
  await page.getByTestId("filter-author").fill(did);
  await page.getByTestId("filter-reason").selectOption(SPAM);
  await page.getByTestId("filter-apply").click();
  await expect(page).toHaveURL(new RegExp(`author=${encodeURIComponent(did)}`));
  const rows = page.getByTestId("report-subject");
  await expect(rows).toHaveCount(2);
  await showFilters(page);
  await page.getByTestId("filter-reason").selectOption("com.atproto.moderation.defs#reasonRude");
  await page.getByTestId("filter-apply").click();
  await expect(rows).toHaveCount(0);
  await page.goBack();
  await expect(rows).toHaveCount(2);

  // Mute the scanner from a row, then take it back with Undo in the toast.
  const reporter = rows.first().getByTestId("subject-reporter");
  await expect(reporter).toContainText(`token:scanner-k-${run}`);
  await reporter.getByTestId("reporter-mute").click();
  await expect(page.getByTestId("toast")).toContainText(`Muted token:scanner-k-${run}`);
  await expect(rows.first().getByTestId("subject-reporter")).toContainText("(muted)");
  await page.getByTestId("toast-undo").click();
  await expect(page.getByTestId("toast")).toContainText("is no longer muted");
  await expect(rows.first().getByTestId("reporter-mute")).toBeVisible();

  await expect(page.getByTestId("action-dismiss")).toBeEnabled();
  await page.keyboard.press("?");
  await expect(page.getByTestId("shortcuts-help")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("shortcuts-help")).toBeHidden();
  await page.keyboard.press("j");
  await expect(rows.first()).toHaveAttribute("data-current", "true");
  await page.keyboard.press("j");
  await expect(rows.nth(1)).toHaveAttribute("data-current", "true");
  await page.keyboard.press("x");
  await expect(rows.nth(1).getByTestId("subject-select")).toBeChecked();
  await page.keyboard.press("d");
  await expect(page.getByTestId("action-message")).toHaveText(/dismiss: 1 subject\(s\) done/);
  await expect(rows).toHaveCount(1);
});

test("a reported Nostr event, shown from the relay queue, is rejected from the inbox; Undo in the toast approves it after all", async ({ page, request }, testInfo) => {
  const run = `${testInfo.project.name}-${randomBytes(3).toString("hex")}`;
  const key = generateSecretKey();
  expect((await request.post("/api/relay/pubkeys", { headers: admin, data: { pubkey: getPublicKey(key), tier: "member" } })).ok()).toBe(true);
  const note = finalizeEvent({ kind: 1, created_at: Math.floor(Date.now() / 1000), tags: [], content: `held note ${run}` }, key);
  // Held by the relay's write policy, as the plugin sends it: a member's note waits for review.
  const held = await request.post("/api/relay/held", { headers: { authorization: `Bearer ${E2E_RELAY_SECRET}` }, data: { items: [{ type: "new", event: note, receivedAt: note.created_at, sourceType: "IP4", sourceInfo: "127.0.0.1" }] } });
  expect(held.ok()).toBe(true);
  const scanner = await reporterToken(request, `scanner-n-${run}`);
  expect((await request.post("/api/reports", { headers: { authorization: `Bearer ${scanner}` }, data: { reasonType: SPAM, subject: { nostrEvent: note.id } } })).ok()).toBe(true);

  await logIn(page, E2E_ADMIN_TOKEN, "/reports?network=nostr");
  const row = page.getByTestId("report-subject").filter({ hasText: note.id });
  await expect(row.getByTestId("subject-content")).toContainText(`held note ${run}`);
  await expect(row.getByTestId("subject-content")).toContainText("in the relay queue: pending");
  await expect(page.getByTestId("action-reject-event")).toBeEnabled();
  await row.getByTestId("subject-select").check();
  await page.getByTestId("action-reject-event").click();
  await expect(page.getByTestId("toast")).toContainText("Rejected through the relay queue: 1 subject(s).");
  await expect(row).toHaveCount(0);
  const status = async () => ((await (await request.get(`/api/relay/queue?status=pending,approved,rejected&limit=500`, { headers: admin })).json()) as { events: { id: string; status: string }[] }).events.find((item) => item.id === note.id)?.status;
  expect(await status()).toBe("rejected");

  await page.getByTestId("toast-undo").click();
  await expect(page.getByTestId("toast")).toContainText("Reject undone: approved after all");
  expect(await status()).toBe("approved");
  await expect(row.getByTestId("subject-state")).toHaveText("open");
});

test("the inbox pages with the position and Previous, keeping the page size: 1–2 of 5, then 3–4 of 5, then back", async ({ page, request }, testInfo) => {
  const run = `${testInfo.project.name}-${randomBytes(3).toString("hex")}`;
  const did = `did:plc:${randomBytes(12).toString("hex").slice(0, 24).replace(/[0189]/g, "c")}`;
  const scanner = await reporterToken(request, `scanner-p-${run}`);
  for (let i = 0; i < 5; i++) {
    const filed = await request.post("/api/reports", { headers: { authorization: `Bearer ${scanner}` }, data: { reasonType: SPAM, subject: { uri: `at://${did}/app.bsky.feed.post/p${i}`, cid: `bafyrei${"e".repeat(52)}` } } });
    expect(filed.ok()).toBe(true);
  }
  await logIn(page, E2E_ADMIN_TOKEN, `/reports?author=${encodeURIComponent(did)}&limit=2`);
  const ids = () => page.getByTestId("report-subject").evaluateAll((all) => all.map((row) => row.getAttribute("data-subject-id")));
  await expect(page.getByTestId("pager-position")).toHaveText("1–2 of 5");
  await expect(page.getByTestId("pager-previous")).toHaveCount(0);
  const first = await ids();

  await page.getByTestId("reports-next").click();
  await expect(page.getByTestId("pager-position")).toHaveText("3–4 of 5");
  const second = await ids();
  expect(second).toHaveLength(2);
  expect(second.filter((id) => first.includes(id))).toEqual([]);

  await page.getByTestId("pager-previous").click();
  await expect(page.getByTestId("pager-position")).toHaveText("1–2 of 5");
  expect(await ids()).toEqual(first);
});
