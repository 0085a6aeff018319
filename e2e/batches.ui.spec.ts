// Batches on the flag list: a flag waiting in an open batch says which and cannot be
// selected; one batched behind the page's back is left out of a new batch, and the
// page says so; a batch carries the name given, shown in the batch list.
import { expect, test } from "@playwright/test";
import { admin, emitFlags, runWord } from "./support/flags";
import { logIn } from "./support/login";
import { E2E_ADMIN_TOKEN } from "./support/settings";

test("a flag in an open batch is marked and never batched twice; batches keep their names", async ({ page, request }) => {
  const word = runWord();
  const [waiting, raced, free] = await emitFlags(request, word, ["Waiting", "Raced", "Free"]);
  const morning = await request.post("/admin/batches", { headers: admin, data: { uris: [waiting!.uri], name: `Morning ${word}` } });
  expect(morning.status()).toBe(200);

  await logIn(page, E2E_ADMIN_TOKEN, `/flags?q=${word}`);
  const rows = page.getByTestId("flag-row");
  await expect(rows).toHaveCount(3);
  const waitingRow = rows.filter({ hasText: waiting!.title });
  await expect(waitingRow.getByTestId("flag-in-batch")).toHaveText(`in batch Morning ${word}`);
  await expect(waitingRow.getByTestId("flag-select")).toHaveCount(0);

  // Someone batches "Raced" after this page loaded; selecting it anyway does not batch it again.
  const other = await request.post("/admin/batches", { headers: admin, data: { uris: [raced!.uri], name: `Race ${word}` } });
  expect(other.status()).toBe(200);
  await rows.filter({ hasText: raced!.title }).getByTestId("flag-select").check();
  await rows.filter({ hasText: free!.title }).getByTestId("flag-select").check();
  await page.getByTestId("batch-name").fill(`Mine ${word}`);
  await page.getByTestId("create-batch").click();
  await expect(page.getByTestId("batch-created")).toContainText("Batch of 1 created");
  await expect(page.getByTestId("batch-skipped")).toHaveText(`Left out 1 already in an open batch (Race ${word}).`);

  // After a reload every one of the three is marked with its batch.
  await page.reload();
  await expect(rows.getByTestId("flag-in-batch")).toHaveCount(3);
  await expect(rows.getByTestId("flag-select")).toHaveCount(0);

  await page.goto("/batches");
  await expect(page.getByTestId("batch-name").filter({ hasText: `Mine ${word}` })).toHaveCount(1);
  await expect(page.getByTestId("batch-name").filter({ hasText: `Morning ${word}` })).toHaveCount(1);
});

test("a selection whose every flag went into a batch meanwhile is refused with the batch named", async ({ page, request }) => {
  const word = runWord();
  const [flag] = await emitFlags(request, word, ["Late"]);
  await logIn(page, E2E_ADMIN_TOKEN, `/flags?q=${word}`);
  await page.getByTestId("flag-select").check();
  expect((await request.post("/admin/batches", { headers: admin, data: { uris: [flag!.uri], name: `First ${word}` } })).status()).toBe(200);
  await page.getByTestId("create-batch").click();
  await expect(page.getByTestId("batch-error")).toContainText(`in an open batch already (First ${word})`);
});
