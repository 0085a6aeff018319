import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { logIn } from "./support/login";
import { E2E_ADMIN_TOKEN } from "./support/settings";

const admin = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
const SPAM = "com.atproto.moderation.defs#reasonSpam";

async function token(request: APIRequestContext, name: string, role: "moderator" | "reporter"): Promise<string> {
  const response = await request.post("/api/tokens", { headers: admin, data: { name, role } });
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { token: string }).token;
}

test("two moderators on one subject see each other and the claim live, without reloading", async ({ browser, page, request }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "two browsers side by side: the desktop workflow");
  const run = randomBytes(3).toString("hex");
  const subject = { did: `did:plc:${randomBytes(12).toString("hex").slice(0, 24).replace(/[0189]/g, "c")}` };
  const scanner = await token(request, `scanner-p-${run}`, "reporter");
  expect((await request.post("/api/reports", { headers: { authorization: `Bearer ${scanner}` }, data: { reasonType: SPAM, subject } })).ok()).toBe(true);
  const open = (await (await request.get("/api/reports?state=open&limit=100", { headers: admin })).json()) as { subjects: { id: number; subject: { did?: string } }[] };
  const id = open.subjects.find((entry) => entry.subject.did === subject.did)!.id;
  const alice = `alice-${run}`;
  const bob = `bob-${run}`;
  const aliceToken = await token(request, alice, "moderator");
  const bobToken = await token(request, bob, "moderator");

  // Alice opens the subject from the inbox.
  await logIn(page, aliceToken, "/reports");
  await page.getByTestId("report-subject").filter({ hasText: subject.did }).getByTestId("subject-open").click();
  await expect(page).toHaveURL(new RegExp(`/reports/${id}$`));
  await expect(page.getByTestId("presence-viewers")).toHaveText("Nobody else is viewing this subject.");
  await expect(page.getByTestId("subject-presence")).toHaveAttribute("data-live", "push");

  // Bob, in a browser of his own, opens it too: each sees the other (Alice's next heartbeat is 15 s away: this is the push).
  const bobContext = await browser.newContext({ baseURL: testInfo.project.use.baseURL, viewport: page.viewportSize() });
  const other = await bobContext.newPage();
  await logIn(other, bobToken, `/reports/${id}`);
  await expect(other.getByTestId("presence-viewers")).toHaveText(`${alice} is viewing this subject.`);
  await expect(page.getByTestId("presence-viewers")).toHaveText(`${bob} is viewing this subject.`);
  await expect(other.getByTestId("subject-presence")).toHaveAttribute("data-live", "push");
  await expect(other.getByTestId("presence-claim")).toHaveText("not claimed");
  // A mark on Bob's window: a reload would lose it.
  await other.evaluate(() => ((window as unknown as { presenceMark: number }).presenceMark = 1));

  // Alice claims it from the subject page; Bob sees the claim, and its history entry, without reloading.
  await expect(page.getByTestId("action-claim")).toBeEnabled();
  await page.getByTestId("action-claim").click();
  await expect(page.getByTestId("action-message")).toHaveText(/claim: 1 subject\(s\) done/);
  await expect(page.getByTestId("presence-claim")).toHaveText("claimed by you");
  await expect(other.getByTestId("presence-claim")).toHaveText(`claimed by ${alice}`);
  await expect(other.getByTestId("history-entry").filter({ hasText: `claim by ${alice}` })).toHaveCount(1);
  expect(await other.evaluate(() => (window as unknown as { presenceMark?: number }).presenceMark)).toBe(1);

  // Bob leaves the page: Alice sees him gone at once, not at his presence's expiry.
  await other.goto("/reports");
  await expect(page.getByTestId("presence-viewers")).toHaveText("Nobody else is viewing this subject.");
  await bobContext.close();
});
