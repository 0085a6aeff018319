// The batch review never loses a choice: not during a submit in flight, not across
// tabs or reloads, not before the page's script has run; and one tap moves on to the
// next card. Runs on the phone and desktop projects.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { admin, emitFlags, negatedByQueryLabels, runWord } from "./support/flags";
import { logIn } from "./support/login";
import { E2E_ADMIN_TOKEN } from "./support/settings";

async function batchOf(request: APIRequestContext, titles: string[]) {
  const flags = await emitFlags(request, runWord(), titles);
  const created = await request.post("/admin/batches", { headers: admin, data: { uris: flags.map((f) => f.uri) } });
  expect(created.status()).toBe(200);
  const { url } = (await created.json()) as { url: string };
  return { flags, url };
}

/** The card's box ends above the sticky bar: nothing of it is hidden behind the bar. */
async function clearOfBar(page: Page, card: ReturnType<Page["getByTestId"]>) {
  const [box, bar] = await Promise.all([card.boundingBox(), page.getByTestId("review-submit").boundingBox()]);
  const barTop = bar!.y - 16; // the bar's padding and progress line sit above the button
  return box!.y >= 0 && box!.y + box!.height <= barTop - 40;
}

test("a choice made while a submit is in flight stays pending, survives a reload, and is sent next", async ({ page, request }) => {
  const { flags, url } = await batchOf(request, ["Flight One", "Flight Two", "Flight Three"]);
  await logIn(page, E2E_ADMIN_TOKEN, url);
  const cards = page.getByTestId("review-card");
  await cards.nth(0).getByTestId("choose-clear").click();

  // Hold the submit until a second choice is made.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/admin/review/*/submit", async (route) => {
    await held;
    await route.continue();
  });
  await page.getByTestId("review-submit").click();
  await expect(page.getByTestId("review-submit")).toHaveText("Submitting…");
  await cards.nth(1).getByTestId("choose-confirm").click();
  release();

  await expect(page.getByTestId("toast")).toContainText("Saved 1 decision");
  await expect(cards.nth(0).getByTestId("card-decided")).toContainText("Not infringing");
  await expect(cards.nth(1)).toHaveAttribute("data-decision", "confirm");
  await expect(page.getByTestId("review-submit")).toHaveText("Submit 1 decision");
  await page.unroute("**/admin/review/*/submit");

  // The unsent choice asks before leaving, and is still there after the reload.
  page.once("dialog", (dialog) => {
    expect(dialog.type()).toBe("beforeunload");
    void dialog.accept();
  });
  await page.reload();
  await expect(cards.nth(1)).toHaveAttribute("data-decision", "confirm");
  await expect(page.getByTestId("review-submit")).toHaveText("Submit 1 decision");
  await page.getByTestId("review-submit").click();
  await expect(page.getByTestId("toast")).toContainText("Saved 1 decision");
  expect(await negatedByQueryLabels(request, flags.map((f) => f.uri))).toEqual([true, false, false]);
});

test("choices follow the moderator into a second tab, and back", async ({ page, context, request }) => {
  const { url } = await batchOf(request, ["Tab One", "Tab Two", "Tab Three"]);
  await logIn(page, E2E_ADMIN_TOKEN, url);
  await page.getByTestId("review-card").nth(0).getByTestId("choose-defer").click();

  const second = await context.newPage();
  await second.goto(url); // the DM link opened again
  await expect(second.getByTestId("review-card").nth(0)).toHaveAttribute("data-decision", "defer");
  await second.getByTestId("review-card").nth(2).getByTestId("choose-clear").click();
  await expect(page.getByTestId("review-card").nth(2)).toHaveAttribute("data-decision", "clear");
  await expect(page.getByTestId("review-submit")).toHaveText("Submit 2 decisions");
  await second.close();
});

test("a choice is one tap: the decided card folds and the next one comes into view, clear of the bar", async ({ page, request }) => {
  const { url } = await batchOf(request, ["Tap One", "Tap Two", "Tap Three", "Tap Four", "Tap Five"]);
  await logIn(page, E2E_ADMIN_TOKEN, url);
  const cards = page.getByTestId("review-card");
  await expect(cards.nth(0).getByTestId("choose-clear")).toHaveText("Not infringing");
  await expect(cards.nth(0).getByTestId("choose-defer")).toHaveText("Decide later");
  await expect(cards.nth(0).getByTestId("choose-confirm")).toHaveText("Infringing");
  for (let i = 0; i < 4; i++) {
    await cards.nth(i).getByTestId("choose-clear").click();
    await expect(cards.nth(i)).toHaveAttribute("data-collapsed", "true");
    await expect(cards.nth(i + 1)).toHaveAttribute("data-active", "true");
    await expect(cards.nth(i + 1).getByTestId("choose-clear")).toBeInViewport();
    await expect.poll(() => clearOfBar(page, cards.nth(i + 1))).toBe(true);
  }
  // A folded card opens again to change the choice.
  await cards.nth(1).getByTestId("card-expand").click();
  await cards.nth(1).getByTestId("choose-defer").click();
  await expect(cards.nth(1)).toHaveAttribute("data-decision", "defer");
  await expect(page.getByTestId("review-progress")).toHaveText("4 of 5 reviewed");
});

test("before the page's script runs, the decision buttons show they are not ready", async ({ page, request }) => {
  const { url } = await batchOf(request, ["Slow One"]);
  await logIn(page, E2E_ADMIN_TOKEN, url);
  await page.route("**/_next/static/**/*.js", (route) => route.abort());
  await page.goto(url);
  await expect(page.getByTestId("choose-clear")).toBeDisabled();
  await expect(page.getByTestId("review-submit")).toHaveText("Loading…");
});

test("the keyboard's current card is never behind the bar; Escape closes the help", async ({ page, request }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "keyboard");
  const { url } = await batchOf(request, ["Key A", "Key B", "Key C", "Key D", "Key E", "Key F", "Key G", "Key H"]);
  await logIn(page, E2E_ADMIN_TOKEN, url);
  const cards = page.getByTestId("review-card");
  await expect(cards.nth(0)).toHaveAttribute("data-active", "true");
  await expect(cards.nth(0).getByTestId("choose-clear")).toBeEnabled();
  for (let i = 1; i < 8; i++) {
    await page.keyboard.press("j");
    await expect(cards.nth(i)).toHaveAttribute("data-active", "true");
    await expect.poll(() => clearOfBar(page, cards.nth(i))).toBe(true);
  }
  await page.keyboard.press("?");
  await expect(page.getByTestId("shortcuts-help")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("shortcuts-help")).toHaveCount(0);
});

test("what the server left out comes back in the toast, and that item can be chosen again", async ({ page, request }) => {
  const { flags, url } = await batchOf(request, ["Skip One", "Skip Two"]);
  await logIn(page, E2E_ADMIN_TOKEN, url);
  const cards = page.getByTestId("review-card");
  await cards.nth(0).getByTestId("choose-clear").click();
  await cards.nth(1).getByTestId("choose-clear").click();
  // An older client (or a slip) sends a decision Warden does not know for the second.
  await page.route("**/admin/review/*/submit", async (route) => {
    const body = route.request().postDataJSON() as { decisions: { uri: string; decision: string }[] };
    await route.continue({ postData: JSON.stringify({ decisions: body.decisions.map((d) => (d.uri === flags[1]!.uri ? { ...d, decision: "escalate" } : d)) }) });
  });
  await page.getByTestId("review-submit").click();
  const toast = page.getByTestId("toast");
  await expect(toast).toContainText("Saved 1 decision");
  await expect(toast).toContainText(`Not saved: “${flags[1]!.title}”, not a decision Warden knows`);
  await expect(cards.nth(1).getByTestId("choose-clear")).toBeVisible();
  await page.unroute("**/admin/review/*/submit");
  await cards.nth(1).getByTestId("choose-confirm").click();
  await page.getByTestId("review-submit").click();
  await expect(toast).toContainText("Batch complete");
  await expect(page.getByTestId("next-batch")).toBeVisible();
});
