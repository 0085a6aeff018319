// plyr.fm's machine API: the label look-ups (same answers under /internal and /admin)
// and the sensitive-image list.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as adminActive } from "@/app/admin/active-labels/route";
import { POST as resolve } from "@/app/admin/resolve/route";
import { POST as addImage } from "@/app/admin/sensitive-images/route";
import { POST as removeImage } from "@/app/admin/sensitive-images/remove/route";
import { POST as active } from "@/app/internal/active-labels/route";
import { POST as labels } from "@/app/internal/labels/route";
import { POST as byValue } from "@/app/internal/labels-by-value/route";
import { POST as negated } from "@/app/internal/negated-labels/route";
import { POST as internalAddImage } from "@/app/internal/sensitive-images/route";
import { GET as publicImages } from "@/app/sensitive-images/route";
import { db } from "@/lib/db";
import { createLabels } from "@/lib/labels/create-labels";
import { withMigratedDatabase } from "../support/database";
import { call, seedFlags, setUpTokens, track, type Tokens } from "./support";

withMigratedDatabase();

type Handler = Parameters<typeof call>[0];
let tokens: Tokens;
const [a, b, c, d] = ["la", "lb", "lc", "ld"].map(track) as [string, string, string, string];

beforeAll(async () => {
  tokens = await setUpTokens();
  await seedFlags([{ rkey: "la" }, { rkey: "lb" }, { rkey: "lc" }]);
  await createLabels([{ uri: a, val: "explicit" }, { uri: d, val: "spam", exp: "2001-01-01T00:00:00.000Z" }], "scanner");
  await call(resolve as Handler, { body: { uri: b, reason: "fingerprint_noise" } });
  // c: negated, then flagged again: active by its current state.
  await call(resolve as Handler, { body: { uri: c, reason: "other" } });
  await createLabels([{ uri: c, val: "copyright-violation" }], "scanner");
});

describe("label look-ups", () => {
  it("active-labels: subjects whose copyright-violation flag is in force, the same under /admin", async () => {
    const body = { uris: [a, b, c, d, track("none")] };
    const internal = await call(active as Handler, { body });
    expect(internal).toMatchObject({ status: 200, json: { active_uris: [a, c] } });
    expect((await call(adminActive as Handler, { body })).json).toEqual(internal.json);
  });

  it("labels: every value in force per subject (expired ones left out)", async () => {
    const { json } = await call(labels as Handler, { body: { uris: [a, b, c, d] } });
    expect(json).toEqual({ labels: { [a]: ["copyright-violation", "explicit"], [c]: ["copyright-violation"] } });
  });

  it("labels-by-value: every subject carrying these values", async () => {
    const { json } = await call(byValue as Handler, { body: { values: ["explicit", "spam", "copyright-violation"] } });
    expect(json).toEqual({ labels: { [a]: ["copyright-violation", "explicit"], [c]: ["copyright-violation"] } });
  });

  it("negated-labels: subjects a moderator cleared, by current state", async () => {
    const { json } = await call(negated as Handler, { body: { uris: [a, b, c, d] } });
    expect(json).toEqual({ negated_uris: [b] });
  });

  it("answers empty lists to empty questions and 400 to oversized ones", async () => {
    expect((await call(active as Handler, { body: { uris: [] } })).json).toEqual({ active_uris: [] });
    expect((await call(byValue as Handler, { body: { values: [] } })).json).toEqual({ labels: {} });
    expect((await call(active as Handler, { body: { uris: Array.from({ length: 10_001 }, () => a) } })).status).toBe(400);
    expect((await call(negated as Handler, { body: {} })).status).toBe(400);
  });
});

describe("sensitive images", () => {
  it("adds by image id or URL (flagged_by defaulting to the caller), lists publicly, removes, and audits", async () => {
    const first = await call(addImage as Handler, { token: tokens.moderator, body: { image_id: "r2-abc", reason: "nudity" } });
    expect(first).toMatchObject({ status: 200, json: { id: expect.any(Number), message: "sensitive image added" } });
    const second = await call(internalAddImage as Handler, { body: { url: "https://cdn.example/avatar.png", flagged_by: "alice" } });
    expect(await db().sensitiveImage.findUniqueOrThrow({ where: { id: first.json.id } })).toMatchObject({ flaggedBy: "mod" });

    expect((await call(publicImages as Handler, { method: "GET", token: null })).json).toEqual({
      image_ids: ["r2-abc"],
      urls: ["https://cdn.example/avatar.png"],
    });

    expect((await call(removeImage as Handler, { body: { id: second.json.id } })).json).toEqual({
      removed: true,
      message: `sensitive image ${second.json.id} removed`,
    });
    expect((await call(removeImage as Handler, { body: { id: second.json.id } })).json).toEqual({
      removed: false,
      message: `sensitive image ${second.json.id} not found`,
    });
    const actions = await db().auditEntry.findMany({ where: { action: { startsWith: "sensitive_image." } }, orderBy: { id: "asc" } });
    expect(actions.map((entry) => [entry.actor, entry.action])).toEqual([
      ["mod", "sensitive_image.add"],
      ["admin (ADMIN_TOKEN)", "sensitive_image.add"],
      ["admin (ADMIN_TOKEN)", "sensitive_image.remove"],
    ]);
  });

  it("refuses an entry with neither id nor URL, a URL that is not http(s), and a bad id", async () => {
    for (const body of [{}, { reason: "x" }, { url: "javascript:alert(1)" }, { image_id: "" }]) {
      expect((await call(addImage as Handler, { body })).status, JSON.stringify(body)).toBe(400);
    }
    for (const body of [{}, { id: "1" }, { id: -1 }, { id: 1.5 }]) {
      expect((await call(removeImage as Handler, { body })).status, JSON.stringify(body)).toBe(400);
    }
  });
});
