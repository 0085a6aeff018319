// plyr.fm's moderation API on the built server, called the way its scripts call it.
import { expect, test } from "@playwright/test";
import { admin, emitFlags, runWord } from "./support/flags";

test("the moderation script's round trip: list pending, batch, review data, submit, resolve", async ({ request }) => {
  const word = runWord();
  const flags = await emitFlags(request, word, ["Api One", "Api Two", "Api Three"]);

  const pending = await (await request.get(`/admin/flags?filter=pending&q=${word}`, { headers: admin })).json();
  expect(pending.tracks.map((t: { uri: string }) => t.uri).sort()).toEqual(flags.map((f) => f.uri).sort());

  const batch = await (await request.post("/admin/batches", { headers: admin, data: { uris: [flags[0]!.uri, flags[1]!.uri], created_by: "moderation_loop" } })).json();
  expect(batch).toMatchObject({ url: `/review/${batch.id}`, flag_count: 2 });
  expect(batch.review_url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/review/${batch.id}$`));

  const data = await (await request.get(`/admin/review/${batch.id}/data`, { headers: admin })).json();
  expect(data).toMatchObject({ batch_id: batch.id, status: "pending", flags: [{ uri: flags[0]!.uri }, { uri: flags[1]!.uri }] });

  const decisions = [{ uri: flags[0]!.uri, decision: "clear" }, { uri: flags[1]!.uri, decision: "defer" }];
  const submitted = await request.post(`/admin/review/${batch.id}/submit`, { headers: admin, data: { decisions } });
  expect(await submitted.json()).toMatchObject({ resolved_count: 1, status: "completed" });
  const again = await request.post(`/admin/review/${batch.id}/submit`, { headers: admin, data: { decisions } });
  expect(await again.json()).toMatchObject({ resolved_count: 0, results: [{ outcome: "unchanged" }, { outcome: "unchanged" }] });

  const resolved = await request.post("/admin/resolve", { headers: admin, data: { uri: flags[2]!.uri, val: "copyright-violation", reason: "content_deleted", notes: "track no longer exists" } });
  expect(resolved.status()).toBe(200);
  expect((await request.post("/admin/resolve", { headers: admin, data: { uri: flags[2]!.uri, reason: "content_deleted" } })).status()).toBe(409);

  const negated = await (await request.post("/internal/negated-labels", { headers: admin, data: { uris: flags.map((f) => f.uri) } })).json();
  expect(negated.negated_uris.sort()).toEqual([flags[0]!.uri, flags[2]!.uri].sort());
  const active = await (await request.post("/admin/active-labels", { headers: admin, data: { uris: flags.map((f) => f.uri) } })).json();
  expect(active).toEqual({ active_uris: [flags[1]!.uri] });
});

test("auth: X-Moderation-Key required, the old review path redirects, unknown paths answer JSON 404", async ({ request }) => {
  expect((await request.get("/admin/flags")).status()).toBe(401);
  expect((await request.get("/admin/flags", { headers: { "x-moderation-key": "wrong" } })).status()).toBe(401);
  expect((await request.post("/internal/active-labels", { data: { uris: [] } })).status()).toBe(401);
  expect((await request.get("/sensitive-images")).status()).toBe(200);

  const old = await request.get("/admin/review/abcdefghijklmnopqrstuv", { maxRedirects: 0 });
  expect(old.status()).toBe(308);
  expect(old.headers().location).toBe("/review/abcdefghijklmnopqrstuv");

  const unknown = await request.get("/admin/nothing-here", { headers: admin });
  expect(unknown.status()).toBe(404);
  expect((await unknown.json()).error.code).toBe("not_found");
});
