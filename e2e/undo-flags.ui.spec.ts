// A moderator's resolution can be taken back: Undo in the toast right after Resolve,
// and "Reopen flag" on the resolved flag later. Either way the flag label is emitted
// again (queryLabels shows it in force) and the audit log names actor and reason.
import { expect, test } from "@playwright/test";
import { admin, emitFlags, negatedByQueryLabels, runWord } from "./support/flags";
import { logIn } from "./support/login";
import { E2E_ADMIN_TOKEN } from "./support/settings";

test("Undo right after Resolve puts the flag back in force", async ({ page, request }) => {
  const word = runWord();
  const [flag] = await emitFlags(request, word, ["Undo Me"]);
  await logIn(page, E2E_ADMIN_TOKEN, `/flags?q=${word}`);
  const row = page.getByTestId("flag-row").filter({ hasText: flag!.title });
  await row.getByTestId("resolve-open").click();
  await page.getByRole("dialog").getByTestId("resolve-submit").click();
  const toast = page.getByTestId("toast");
  await expect(toast).toContainText(`Resolved “${flag!.title}”`);
  await expect(row).toHaveCount(0);
  expect(await negatedByQueryLabels(request, [flag!.uri])).toEqual([true]);

  await toast.getByTestId("toast-undo").click();
  await expect(toast).toContainText("is pending again");
  await expect(row).toHaveCount(1);
  expect(await negatedByQueryLabels(request, [flag!.uri])).toEqual([false]);
});

test("Reopen flag on a resolved flag: pending again, audited with the reason; a second resolve by someone else is named, not a raw URI", async ({ page, request }) => {
  const word = runWord();
  const [flag] = await emitFlags(request, word, ["Reopen Me"]);
  const resolved = await request.post("/admin/resolve", { headers: admin, data: { uri: flag!.uri, reason: "licensed" } });
  expect(resolved.status()).toBe(200);
  await logIn(page, E2E_ADMIN_TOKEN, `/flags/detail?${new URLSearchParams({ uri: flag!.uri })}`);
  await page.getByTestId("reopen-reason").fill("the licence was for another track");
  await page.getByTestId("reopen-submit").click();
  await expect(page.getByTestId("toast")).toContainText("is pending again");
  await expect(page.getByTestId("resolve-open")).toBeVisible();
  await expect(page.getByTestId("flag-audit")).toContainText("flag.reopen");
  await expect(page.getByTestId("flag-audit")).toContainText("the licence was for another track");
  expect(await negatedByQueryLabels(request, [flag!.uri])).toEqual([false]);

  // Someone else resolves it while the dialog is open: the toast names them.
  await page.getByTestId("resolve-open").click();
  const other = await request.post("/admin/resolve", { headers: admin, data: { uri: flag!.uri, reason: "other" } });
  expect(other.status()).toBe(200);
  await page.getByRole("dialog").getByTestId("resolve-submit").click();
  await expect(page.getByTestId("toast")).toContainText(`resolved “${flag!.title}” first`);
  await expect(page.getByTestId("toast")).not.toContainText("at://");
});
