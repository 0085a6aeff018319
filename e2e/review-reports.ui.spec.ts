// Report subjects reviewed in a batch (decision 035), on a phone and a desktop: ticked in
// the inbox, "Create batch" with Escalate as the act, then the review page: one tap per
// subject, the choices kept across a reload, submit through the inbox's actions, and the
// toast's Undo putting every subject back where it was.
import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { logIn } from "./support/login";
import { E2E_ADMIN_TOKEN } from "./support/settings";

const admin = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
const SPAM = "com.atproto.moderation.defs#reasonSpam";

/** Three posts reported by a scanner; their at:// URIs. */
async function reportPosts(request: APIRequestContext, run: string): Promise<string[]> {
  const token = await request.post("/api/tokens", { headers: admin, data: { name: `batch-scanner-${run}`, role: "reporter" } });
  expect(token.ok()).toBe(true);
  const reporter = { authorization: `Bearer ${((await token.json()) as { token: string }).token}` };
  const uris: string[] = [];
  for (const rkey of ["a", "b", "c"]) {
    const subject = { uri: `at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/${run}${rkey}`, cid: `bafyrei${"d".repeat(52)}` };
    const filed = await request.post("/api/reports", { headers: reporter, data: { reasonType: SPAM, reason: "scanner hit", subject } });
    expect(filed.ok()).toBe(true);
    uris.push(subject.uri);
  }
  return uris;
}

/** The subjects' states as the batch's API answers them, in review order. */
async function states(request: APIRequestContext, batchId: string): Promise<string[]> {
  const response = await request.get(`/api/reports/batches/${batchId}`, { headers: admin });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { subjects: { subject: { state: string } }[] }).subjects.map((s) => s.subject.state);
}

test("a batch of reported posts from the inbox: one tap each, kept across a reload, submitted, then undone", async ({ page, request }, testInfo) => {
  const run = `${testInfo.project.name}${randomBytes(3).toString("hex")}`;
  const uris = await reportPosts(request, run);

  await logIn(page, E2E_ADMIN_TOKEN, "/reports?sort=recent");
  for (const uri of uris) await page.getByTestId("report-subject").filter({ hasText: uri }).getByTestId("subject-select").check();
  await expect(page.getByTestId("subject-batch").getByTestId("selected-count")).toHaveText("3 selected");
  await page.getByTestId("batch-act").selectOption("escalate");
  await page.getByTestId("create-subject-batch").click();
  await expect(page.getByTestId("batch-created")).toContainText("Batch of 3 for phone review");
  await expect(page.getByTestId("subject-batch").getByTestId("selected-count")).toHaveText("0 selected");
  const href = await page.getByTestId("batch-link").getAttribute("href");
  const batchId = href!.split("/").pop()!;
  await page.getByTestId("batch-link").click();

  await expect(page).toHaveURL(new RegExp(`/review/${batchId}$`));
  await expect(page.getByTestId("review-meta")).toContainText("3 subjects · act: Escalate");
  const cards = page.getByTestId("review-card");
  await expect(cards).toHaveCount(3);
  // In the inbox's order (latest report first), each card names its post.
  for (const uri of uris) await expect(cards.filter({ hasText: uri })).toHaveCount(1);
  await expect(cards.nth(0).getByTestId("card-reports")).toHaveText("Bluesky post · 1 report from 1 reporter · Spam");
  await expect(cards.nth(0).getByTestId("choose-confirm")).toHaveText("Escalate");

  // One tap per subject: the card folds to a line and the next one comes up.
  await cards.nth(0).getByTestId("choose-clear").click();
  await expect(cards.nth(0)).toHaveAttribute("data-collapsed", "true");
  await expect(cards.nth(1)).toHaveAttribute("data-active", "true");
  await cards.nth(1).getByTestId("choose-confirm").click();
  await expect(page.getByTestId("review-progress")).toHaveText("2 of 3 reviewed");

  // Choices not yet sent survive a reload (kept on the device until the server acknowledges them).
  page.once("dialog", (dialog) => void dialog.accept()); // the warning before leaving with unsent choices
  await page.reload();
  await expect(page.getByTestId("review-progress")).toHaveText("2 of 3 reviewed");
  await expect(cards.nth(0)).toHaveAttribute("data-decision", "clear");
  await expect(cards.nth(1)).toHaveAttribute("data-decision", "confirm");
  await cards.nth(2).getByTestId("choose-defer").click();
  await page.getByTestId("review-submit").click();

  const toast = page.getByTestId("toast");
  await expect(toast).toContainText("Saved 3 decisions");
  await expect(toast).toContainText("Batch complete");
  await expect(page.getByTestId("review-summary")).toContainText("All 3 subjects in this batch are reviewed");
  expect(await states(request, batchId)).toEqual(["dismissed", "escalated", "open"]);

  await toast.getByTestId("toast-undo").click();
  await expect(toast).toContainText("Undid 3 decisions");
  await expect(page.getByTestId("review-progress")).toHaveText("0 of 3 reviewed");
  await expect(page.getByTestId("review-summary")).toHaveCount(0);
  expect(await states(request, batchId)).toEqual(["open", "open", "open"]);
});

test("a subject another moderator has claimed is held back, and the choice stays on the device", async ({ page, request }, testInfo) => {
  const run = `${testInfo.project.name}${randomBytes(3).toString("hex")}`;
  await reportPosts(request, run);
  const token = await request.post("/api/tokens", { headers: admin, data: { name: `claimer-${run}`, role: "moderator" } });
  const claimer = { authorization: `Bearer ${((await token.json()) as { token: string }).token}` };
  const list = await request.get(`/api/reports?state=open&sort=recent`, { headers: admin });
  const ids = ((await list.json()) as { subjects: { id: number; subject: { uri?: string } }[] }).subjects.filter((s) => s.subject.uri?.includes(run)).map((s) => s.id);
  expect(ids).toHaveLength(3);
  const created = await request.post("/api/reports/batches", { headers: admin, data: { ids, act: { action: "resolve" } } });
  expect(created.status()).toBe(200);
  const batch = (await created.json()) as { id: string; url: string };
  const claimedId = ids[0]!;
  expect((await request.post("/api/reports/actions", { headers: claimer, data: { action: "claim", ids: [claimedId] } })).ok()).toBe(true);

  await logIn(page, E2E_ADMIN_TOKEN, batch.url);
  // The card says who holds the subject before the moderator decides.
  const card = page.getByTestId("review-card").filter({ has: page.getByTestId("card-claimed") });
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId("card-claimed")).toContainText(`Claimed by claimer-${run}`);
  await card.getByTestId("choose-confirm").click();
  await page.getByTestId("review-submit").click();
  await expect(page.getByTestId("toast")).toContainText(`claimed by claimer-${run}`);
  // Still pending here: the submit button offers it again.
  await expect(page.getByTestId("review-submit")).toHaveText("Submit 1 decision");
});
