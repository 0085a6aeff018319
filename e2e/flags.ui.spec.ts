// The flag list on a desktop: filter and search, a batch from a selection with a
// link to copy, and resolving one flag with a reason.
import { expect, test } from "@playwright/test";
import { emitFlags, negatedByQueryLabels, runWord } from "./support/flags";
import { logIn } from "./support/login";
import { E2E_ADMIN_TOKEN } from "./support/settings";

test("desktop: filter, create a batch from a selection, resolve one with a reason", async ({ page, request }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "the desktop workflow");
  const word = runWord();
  const flags = await emitFlags(request, word, ["Alpha", "Bravo", "Charlie"]);

  await logIn(page, E2E_ADMIN_TOKEN, "/flags");
  await page.getByTestId("flags-search").fill(word);
  await page.getByTestId("flags-sort").selectOption("score");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${word}`));
  const rows = page.getByTestId("flag-row");
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText(`Charlie ${word}`); // highest score first

  await page.getByTestId("flags-tab-resolved").click();
  await expect(page.getByTestId("flags-empty")).toBeVisible();
  await page.getByTestId("flags-tab-pending").click();
  await expect(rows).toHaveCount(3);

  // Select two, make a batch, get its link.
  await rows.filter({ hasText: `Alpha ${word}` }).getByTestId("flag-select").check();
  await rows.filter({ hasText: `Bravo ${word}` }).getByTestId("flag-select").check();
  await expect(page.getByTestId("selected-count")).toHaveText("2 selected");
  const posts: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && new URL(r.url()).pathname === "/admin/batches") posts.push(r.url());
  });
  await page.getByTestId("create-batch").dblclick(); // a double press makes one batch
  const link = page.getByTestId("batch-link");
  await expect(page.getByTestId("batch-created")).toContainText("Batch of 2 created");
  await expect(page.getByTestId("selected-count")).toHaveText("0 selected");
  await expect(page.getByTestId("create-batch")).toBeDisabled();
  expect(posts).toHaveLength(1);
  await expect(link).toHaveText(/\/review\/[\w-]{22}$/);
  await expect(page.getByTestId("copy-link")).toBeVisible();
  const batchPath = new URL((await link.textContent())!).pathname;
  const shot = testInfo.outputPath("flags-desktop.png");
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach("flags-desktop", { path: shot, contentType: "image/png" });

  // Resolve the third with a reason.
  const charlie = rows.filter({ hasText: `Charlie ${word}` });
  await charlie.getByTestId("resolve-open").click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Cover or remix").check();
  await dialog.getByLabel("Notes (optional)").fill("official remix, cleared with the label");
  await dialog.getByTestId("resolve-submit").click();
  await expect(dialog).toBeHidden();
  await expect(rows).toHaveCount(2);
  expect(await negatedByQueryLabels(request, flags.map((f) => f.uri))).toEqual([false, false, true]);

  await page.getByTestId("flags-tab-resolved").click();
  await expect(rows).toHaveCount(1);
  await rows.first().getByRole("link", { name: `Charlie ${word}` }).click();
  await expect(page.getByTestId("flag-resolution")).toContainText("cover_version — official remix, cleared with the label");
  await expect(page.getByTestId("flag-audit")).toContainText("flag.resolve");

  // The batch shows on /batches with its progress.
  await page.goto("/batches");
  const batchRow = page.getByTestId("batch-row").filter({ has: page.locator(`a[href="${batchPath}"]`) });
  await expect(batchRow.getByTestId("batch-progress")).toHaveText("0 of 2 reviewed");
});

test("sensitive images: add, see in the public list, remove", async ({ page, request }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "desktop only");
  const word = runWord();
  await logIn(page, E2E_ADMIN_TOKEN, "/flags/sensitive-images");
  const form = page.getByTestId("add-image-form");
  await form.getByLabel("Image id (storage key)").fill(`img-${word}`);
  await form.getByLabel("Reason").fill("graphic");
  await form.getByRole("button", { name: "Add image" }).click();
  const row = page.getByTestId("image-row").filter({ hasText: `img-${word}` });
  await expect(row).toBeVisible();
  expect((await (await request.get("/sensitive-images")).json()).image_ids).toContain(`img-${word}`);
  await row.getByRole("button", { name: "Remove" }).click();
  await expect(row).toHaveCount(0);
  expect((await (await request.get("/sensitive-images")).json()).image_ids).not.toContain(`img-${word}`);
});

test("sensitive images: an entry with neither id nor URL is refused inline", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "desktop only");
  await logIn(page, E2E_ADMIN_TOKEN, "/flags/sensitive-images");
  const form = page.getByTestId("add-image-form");
  await form.getByLabel("Reason").fill("no image named");
  await form.getByRole("button", { name: "Add image" }).click();
  await expect(form.getByRole("alert")).toContainText("at least one of image_id or url");
});
