import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { logIn } from "./support/login";
import { E2E_ADMIN_TOKEN } from "./support/settings";

const admin = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
const SPAM = "com.atproto.moderation.defs#reasonSpam";

/** A service token with the reporter role, as a scanner would hold. */
async function reporterToken(request: APIRequestContext, name: string): Promise<string> {
  const response = await request.post("/api/tokens", { headers: admin, data: { name, role: "reporter" } });
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { token: string }).token;
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
  await page.getByTestId("action-label-value").fill("spam");
  await page.getByTestId("action-label").click();
  // The first label of a fresh server creates its signing key and starts the signing threads.
  await expect(page.getByTestId("action-message")).toHaveText(/label: 1 subject\(s\) done/, { timeout: 30_000 });
  await expect(escalated).toHaveCount(0);

  const labels = await request.get(`/xrpc/com.atproto.label.queryLabels?uriPatterns=${encodeURIComponent(subject.uri)}`);
  expect(((await labels.json()) as { labels: { val: string }[] }).labels.map((label) => label.val)).toEqual(["spam"]);
  const audit = await request.get(`/api/reports?state=resolved`, { headers: admin });
  expect(((await audit.json()) as { subjects: { subject: { uri?: string } }[] }).subjects.some((entry) => entry.subject.uri === subject.uri)).toBe(true);
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
