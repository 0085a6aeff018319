// Undo of human decisions on the batch review page: right after a submission, the
// toast's Undo takes the decisions back. A cleared flag is in force again (queryLabels
// shows the copyright-violation label, not its negation), the items are undecided on
// the page and on the server, and the batch can be decided again.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { admin, emitFlags, runWord } from "./support/flags";
import { logIn } from "./support/login";
import { E2E_ADMIN_TOKEN } from "./support/settings";

/** The subject's copyright-violation labels as queryLabels answers them. */
async function flagLabels(request: APIRequestContext, uri: string) {
  const response = await request.get(`/xrpc/com.atproto.label.queryLabels?uriPatterns=${encodeURIComponent(uri)}`);
  expect(response.status()).toBe(200);
  const { labels } = (await response.json()) as { labels: { val: string; neg?: boolean; src: string }[] };
  return labels.filter((label) => label.val === "copyright-violation").map((label) => ({ neg: label.neg === true }));
}

test("Undo after submitting a clear and a confirm: the flag is in force again and both items are undecided", async ({ page, request }) => {
  const word = runWord();
  const flags = await emitFlags(request, word, ["Undo Clear", "Undo Confirm"]);
  const created = await request.post("/admin/batches", { headers: admin, data: { uris: flags.map((f) => f.uri) } });
  const batch = await created.json();
  await logIn(page, E2E_ADMIN_TOKEN, batch.url);

  const cards = page.getByTestId("review-card");
  await expect(cards).toHaveCount(2);
  await cards.nth(0).getByTestId("choose-clear").click();
  await cards.nth(1).getByTestId("choose-confirm").click();
  await page.getByTestId("review-submit").click();
  const toast = page.getByTestId("toast");
  await expect(toast).toContainText("Saved 2 decisions");
  expect(await flagLabels(request, flags[0]!.uri)).toEqual([{ neg: true }]);

  await toast.getByTestId("toast-undo").click();
  await expect(toast).toContainText("Undid 2 decisions");
  await expect(page.getByTestId("review-progress")).toHaveText("0 of 2 reviewed");
  await expect(page.getByTestId("review-summary")).toHaveCount(0);
  await expect(cards.nth(0).getByTestId("choose-clear")).toHaveAttribute("aria-pressed", "false");
  // The flag label is emitted again: queryLabels answers it in force, not negated.
  expect(await flagLabels(request, flags[0]!.uri)).toEqual([{ neg: false }]);
  const data = await (await request.get(`/admin/review/${batch.id}/data`, { headers: admin })).json();
  expect(data).toMatchObject({ status: "pending", reviewed: 0 });

  // Decided again after the undo: a clear negates once more.
  await cards.nth(0).getByTestId("choose-clear").click();
  await page.getByTestId("review-submit").click();
  await expect(toast).toContainText("Saved 1 decision");
  expect(await flagLabels(request, flags[0]!.uri)).toEqual([{ neg: true }]);
});
