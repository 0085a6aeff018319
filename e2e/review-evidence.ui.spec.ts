// What a review card shows to decide on: the track (linked), its uploader, the score,
// and the top match linked to the matched recording with the segment that matched.
import { expect, test } from "@playwright/test";
import { admin, emitFlags, runWord } from "./support/flags";
import { logIn } from "./support/login";
import { E2E_ADMIN_TOKEN } from "./support/settings";

test("a review card shows title, uploader, score and a link to the matched recording", async ({ page, request }, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "the review is built for the phone");
  const word = runWord();
  const [flag] = await emitFlags(request, word, ["Evidence Song"]);
  const created = await request.post("/admin/batches", { headers: admin, data: { uris: [flag!.uri], created_by: "e2e" } });
  const batch = await created.json();
  await logIn(page, E2E_ADMIN_TOKEN, batch.url);

  const card = page.getByTestId("review-card");
  await expect(card.getByRole("heading", { name: flag!.title })).toBeVisible();
  await expect(card.getByTestId("card-content-link")).toHaveAttribute("href", "https://plyr.fm/track/1000");
  await expect(card.getByTestId("card-uploader")).toHaveText(`uploaded by @artist0.${word}.example`);
  await expect(card.getByTestId("card-score")).toHaveText("60%");
  const match = card.getByTestId("match");
  await expect(match).toContainText("Evidence Song (original)");
  await expect(match).toContainText("by Famous Band");
  await expect(match.getByTestId("match-link")).toHaveAttribute("href", "https://musicbrainz.org/isrc/USRC17607839");
  await expect(match.getByTestId("match-segment")).toHaveText("0:30 into the upload · 0:56 into the recording");
  // On the phone the link is a real tap target inside the card, not clipped.
  const box = await match.getByTestId("match-link").boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(page.viewportSize()!.width);
});
