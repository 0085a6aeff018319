import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { npubEncode } from "nostr-tools/nip19";
import { finalizeEvent, generateSecretKey, getPublicKey, type NostrEvent } from "nostr-tools/pure";
import { Relay } from "nostr-tools/relay";
import { logIn } from "./support/login";
import { E2E_ADMIN_TOKEN, E2E_PORT, E2E_RELAY_SECRET } from "./support/settings";
import { TestRelay } from "./support/test-relay";
import { startWarden, type WardenProcess } from "./support/warden-process";

const admin = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };

/** A new author at tier member: the write policy holds their events for review. */
async function newMember(request: APIRequestContext): Promise<Uint8Array> {
  const key = generateSecretKey();
  const response = await request.post("/api/relay/pubkeys", { headers: admin, data: { pubkey: getPublicKey(key), tier: "member" } });
  expect(response.ok()).toBe(true);
  return key;
}

/** Publishes through the real write policy (POST /api/relay/policy): a member's event is held. */
async function post(request: APIRequestContext, key: Uint8Array, content: string): Promise<NostrEvent> {
  const event = finalizeEvent({ kind: 1, created_at: Math.floor(Date.now() / 1000), tags: [["t", "e2e"]], content }, key);
  const response = await request.post("/api/relay/policy", {
    headers: { authorization: `Bearer ${E2E_RELAY_SECRET}` },
    data: { type: "new", event, receivedAt: Math.floor(Date.now() / 1000), sourceType: "IP4", sourceInfo: "127.0.0.1" },
  });
  expect(await response.json()).toMatchObject({ id: event.id, action: "shadowReject" });
  return event;
}

const card = (page: Page, event: NostrEvent) => page.locator(`[data-testid=queue-item][data-id="${event.id}"]`);
const authorView = (key: Uint8Array, status = "pending") => `/relay?${new URLSearchParams({ ...(status !== "pending" && { status }), author: getPublicKey(key) })}`;
const isPhone = (name: string) => name === "phone";

/** A status tab: on a phone the tabs are folded behind the Status button first. */
async function openTab(page: Page, status: string) {
  const toggle = page.getByTestId("filters-toggle");
  if (await toggle.isVisible()) await toggle.click();
  await page.getByTestId(`queue-tab-${status}`).click();
}
/** Action buttons stay disabled until React has hydrated (and the shortcuts listen). */
const hydrated = (page: Page) => expect(page.getByTestId("queue-item").first().getByTestId("ban")).toBeEnabled();

test("a held event is approved (keyboard on desktop, button on phone) and shows its delivery state", async ({ page, request }, testInfo) => {
  const key = await newMember(request);
  const first = await post(request, key, `first note ${testInfo.project.name}`);
  const second = await post(request, key, `second note ${testInfo.project.name}`);

  await logIn(page, E2E_ADMIN_TOKEN, authorView(key));
  await expect(page.getByTestId("queue-count-pending")).toHaveAttribute("data-value", "2");
  const item = card(page, first);
  await expect(item.getByTestId("item-content")).toHaveText(`first note ${testInfo.project.name}`);
  await expect(item).toContainText("kind 1 · short note");
  await expect(item.getByTestId("item-tags")).toContainText("t e2e");
  await expect(item.getByTestId("tier-badge")).toHaveText("member");
  await expect(item.getByTestId("author-history")).toContainText("0 approved · 0 rejected");
  await hydrated(page);

  if (isPhone(testInfo.project.name)) {
    await item.getByTestId("approve").click();
  } else {
    await expect(item).toHaveAttribute("aria-current", "true"); // current on load
    await page.keyboard.press("j");
    await expect(card(page, second)).toHaveAttribute("aria-current", "true");
    await page.keyboard.press("k");
    await expect(item).toHaveAttribute("aria-current", "true");
    await page.keyboard.press("a");
  }
  await expect(item).toHaveCount(0);
  await expect(page.getByTestId("queue-count-approved")).toHaveAttribute("data-value", "1");
  await expect(card(page, second).getByTestId("author-history")).toContainText("1 approved · 0 rejected");

  await openTab(page, "approved");
  const approved = card(page, first);
  await expect(approved.getByTestId("decision")).toContainText("Approved by admin");
  await expect(approved.getByTestId("delivery-state")).toContainText(/Queued|Retrying|Delivered/);
  await expect(approved.getByTestId("approve")).toHaveCount(0);
});

test("rejecting with a reason, and bulk approval of a selection", async ({ page, request }, testInfo) => {
  const key = await newMember(request);
  const events = [];
  for (const word of ["spam", "fine", "also fine"]) events.push(await post(request, key, `${word} ${testInfo.project.name}`));
  const [spam, ...fine] = events as [NostrEvent, NostrEvent, NostrEvent];

  await logIn(page, E2E_ADMIN_TOKEN, authorView(key));
  await hydrated(page);
  if (isPhone(testInfo.project.name)) {
    await card(page, spam).getByTestId("reject").click();
  } else {
    await card(page, spam).getByTestId("item-content").click();
    await page.keyboard.press("r");
  }
  await card(page, spam).getByTestId("reject-reason").fill("off-topic advertising");
  await card(page, spam).getByTestId("confirm-reject").click();
  await expect(card(page, spam)).toHaveCount(0);

  for (const event of fine) {
    if (isPhone(testInfo.project.name)) await card(page, event).getByTestId("select-item").check();
    else {
      await card(page, event).getByTestId("item-content").click();
      await page.keyboard.press("x");
    }
  }
  await expect(page.getByTestId("bulk-count")).toHaveText("2 selected");
  await page.getByTestId("bulk-approve").click();
  await expect(page.getByTestId("toast")).toContainText("Approved 2 of 2");
  await expect(page.getByTestId("queue-empty")).toBeVisible();

  await page.goto(authorView(key, "rejected"));
  await expect(card(page, spam).getByTestId("decision")).toContainText("Reason: off-topic advertising");
});

test("banning an author from the queue rejects all their waiting events", async ({ page, request }, testInfo) => {
  const key = await newMember(request);
  const events = [await post(request, key, `ban me 1 ${testInfo.project.name}`), await post(request, key, `ban me 2 ${testInfo.project.name}`)];

  await logIn(page, E2E_ADMIN_TOKEN, authorView(key));
  await hydrated(page);
  if (isPhone(testInfo.project.name)) await card(page, events[0]!).getByTestId("ban").click();
  else {
    await page.keyboard.press("j");
    await page.keyboard.press("b");
  }
  const panel = page.getByTestId("ban-panel");
  await expect(panel).toContainText("their 2 waiting events are rejected");
  await panel.getByTestId("ban-reason").fill("spam bot");
  await panel.getByTestId("confirm-ban").click();
  await expect(page.getByTestId("toast")).toContainText("2 waiting events rejected");
  await expect(page.getByTestId("queue-empty")).toBeVisible();

  await openTab(page, "rejected");
  for (const event of events) await expect(card(page, event).getByTestId("tier-badge")).toHaveText("blocked");
  await expect(card(page, events[0]!).getByTestId("ban")).toHaveCount(0);
});

test("a ban from the queue can be undone from its toast: the tier comes back, the rejections stay", async ({ page, request }) => {
  const key = await newMember(request);
  const event = await post(request, key, "ban me, then think again");
  await logIn(page, E2E_ADMIN_TOKEN, authorView(key));
  await hydrated(page);
  await card(page, event).getByTestId("ban").click();
  await page.getByTestId("ban-panel").getByTestId("confirm-ban").click();
  const toast = page.getByTestId("toast");
  await expect(toast).toContainText("Undo restores the tier only");
  await toast.getByTestId("toast-undo").click();
  await expect(toast).toContainText("is member again");

  await page.goto(`/relay/pubkeys?tier=member`);
  await expect(page.locator(`[data-testid=pubkey-row][data-pubkey="${getPublicKey(key)}"]`).getByTestId("tier-badge")).toHaveText("member");
  await page.goto(authorView(key, "rejected"));
  await expect(card(page, event)).toHaveCount(1);
});

test("the ? key lists the shortcuts", async ({ page, request }, testInfo) => {
  test.skip(isPhone(testInfo.project.name), "no keyboard on the phone project");
  const key = await newMember(request);
  await post(request, key, "a note to have a list");
  await logIn(page, E2E_ADMIN_TOKEN, authorView(key));
  await hydrated(page);
  await page.keyboard.press("?");
  const help = page.getByTestId("shortcuts-help");
  await expect(help).toBeVisible();
  await expect(help).toContainText("Ban the current item's author");
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
});

test("/relay/pubkeys sets a tier from an npub and changes it from the list", async ({ page }) => {
  const pubkey = getPublicKey(generateSecretKey());
  await logIn(page, E2E_ADMIN_TOKEN, "/relay/pubkeys");
  await page.getByTestId("tier-pubkey").fill("npub1notreally");
  await page.getByTestId("tier-submit").click();
  await expect(page.getByTestId("tier-result")).toContainText("64 hex characters or an npub");

  await page.getByTestId("tier-pubkey").fill(npubEncode(pubkey));
  await page.getByTestId("tier-select").selectOption("trusted");
  await page.getByTestId("tier-note").fill("runs the bridge");
  await page.getByTestId("tier-submit").click();
  await expect(page.getByTestId("toast")).toContainText("to trusted (was unknown)");
  const row = page.locator(`[data-testid=pubkey-row][data-pubkey="${pubkey}"]`);
  await expect(row.getByTestId("tier-badge")).toHaveText("trusted");
  await expect(row).toContainText("runs the bridge");

  await row.getByTestId("row-tier-select").selectOption("member");
  await row.getByTestId("row-tier-save").click();
  await expect(row.getByTestId("tier-badge")).toHaveText("member");
  await expect(row).toContainText("runs the bridge");
});

test("a ban from /relay/pubkeys offers Undo, which restores the previous tier and note and is audited", async ({ page }) => {
  const pubkey = getPublicKey(generateSecretKey());
  await logIn(page, E2E_ADMIN_TOKEN, "/relay/pubkeys");
  await page.getByTestId("tier-pubkey").fill(pubkey);
  await page.getByTestId("tier-select").selectOption("member");
  await page.getByTestId("tier-note").fill("known from the meetup");
  await page.getByTestId("tier-submit").click();
  const row = page.locator(`[data-testid=pubkey-row][data-pubkey="${pubkey}"]`);
  await expect(row.getByTestId("tier-badge")).toHaveText("member");

  await row.getByTestId("row-tier-select").selectOption("blocked");
  await row.getByTestId("row-tier-save").click();
  const toast = page.getByTestId("toast");
  await expect(toast).toContainText(`Banned ${pubkey.slice(0, 8)}… (was member)`);
  await expect(row.getByTestId("tier-badge")).toHaveText("blocked");
  await toast.getByTestId("toast-undo").click();
  await expect(toast).toContainText("is member again");
  await expect(row.getByTestId("tier-badge")).toHaveText("member");
  await expect(row).toContainText("known from the meetup");

  await page.goto("/audit?action=relay.pubkey.tier");
  const undone = page.getByTestId("audit-row").filter({ hasText: `pubkey:${pubkey}` }).first();
  await expect(undone).toContainText("undo right after banning");
  await expect(undone).toContainText('"from":"blocked"');
});

test("a ban whose Undo is gone is lifted later: Unban on the author's queue and on /relay/pubkeys gives back the tier and note, audited", async ({ page, request }) => {
  const key = generateSecretKey();
  const pubkey = getPublicKey(key);
  const ban = () => request.post(`/api/relay/authors/${pubkey}/ban`, { headers: admin, data: { reason: "looked like spam" } });
  expect((await request.post("/api/relay/pubkeys", { headers: admin, data: { pubkey, tier: "member", note: "writes the digest" } })).ok()).toBe(true);
  const event = await post(request, key, "the weekly digest");
  expect((await ban()).ok()).toBe(true);

  // The audit log's link for a pubkey leads here: the author's queue says banned and offers the way back.
  await logIn(page, E2E_ADMIN_TOKEN, authorView(key, "rejected"));
  const filter = page.getByTestId("author-filter");
  await expect(filter).toContainText("banned");
  await filter.getByTestId("unban").click();
  const toast = page.getByTestId("toast");
  await expect(toast).toContainText(`Unbanned ${pubkey.slice(0, 8)}…: member again`);
  await expect(filter.getByTestId("unban")).toHaveCount(0);
  await expect(card(page, event)).toBeVisible(); // the ban's rejection stays

  await page.goto("/relay/pubkeys");
  const row = page.locator(`[data-testid=pubkey-row][data-pubkey="${pubkey}"]`);
  await expect(row.getByTestId("tier-badge")).toHaveText("member");
  await expect(row).toContainText("writes the digest");
  await expect(row.getByTestId("unban")).toHaveCount(0);

  // Banned again; this time lifted from the pubkey's row, then the unban undone from its toast.
  expect((await ban()).ok()).toBe(true);
  await page.reload();
  await expect(row.getByTestId("tier-badge")).toHaveText("blocked");
  await row.getByTestId("unban").click();
  await expect(toast).toContainText("member again");
  await expect(row.getByTestId("tier-badge")).toHaveText("member");
  await toast.getByTestId("toast-undo").click();
  await expect(toast).toContainText("is blocked again");
  await expect(row.getByTestId("tier-badge")).toHaveText("blocked");
  await expect(row).toContainText("looked like spam");

  await page.goto("/audit?action=relay.author.unban");
  const unban = page.getByTestId("audit-row").filter({ hasText: `pubkey:${pubkey}` });
  await expect(unban).toHaveCount(2);
  await expect(unban.first()).toContainText('"to":"member"');
});

test("nothing scrolls sideways at 360 px", async ({ page, request }, testInfo) => {
  test.skip(!isPhone(testInfo.project.name), "a phone-width check");
  const key = await newMember(request);
  await post(request, key, `https://example.com/${"a-very-long-unbroken-path-segment".repeat(6)} ${"#tag".repeat(20)}`);
  await page.setViewportSize({ width: 360, height: 740 });
  await logIn(page, E2E_ADMIN_TOKEN, authorView(key));
  for (const path of [authorView(key), "/relay/pubkeys"]) {
    await page.goto(path);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  }
});

test.describe("with a real relay", () => {
  // A Warden of its own whose outbox delivers to an embedded relay that asks
  // bin/strfry-policy about every event (e2e/support/test-relay.ts).
  let warden: WardenProcess | undefined;
  let relay: TestRelay | undefined;
  const clients: Relay[] = [];

  test.beforeAll(async ({}, testInfo) => {
    test.skip(testInfo.project.name !== "desktop", "one full loop is enough; the phone project covers the buttons");
    test.setTimeout(180_000);
    const relayPort = E2E_PORT + 8;
    warden = await startWarden(E2E_PORT + 7, { ADMIN_TOKEN: E2E_ADMIN_TOKEN, RELAY_SECRET: E2E_RELAY_SECRET, RELAY_URL: `ws://127.0.0.1:${relayPort}` });
    relay = await new TestRelay({ port: relayPort, wardenUrl: warden.url, relaySecret: E2E_RELAY_SECRET }).start();
  });

  test.afterAll(async () => {
    for (const client of clients) client.close();
    await relay?.stop();
    if (warden) expect(await warden.stop()).toBe(0);
  });

  test("a member's note reaches other clients, unchanged, only once approved in the dashboard", async ({ page }) => {
    test.setTimeout(90_000);
    const base = warden!.url;
    const key = generateSecretKey();
    const pubkey = getPublicKey(key);
    const tier = await fetch(`${base}/api/relay/pubkeys`, { method: "POST", headers: { ...admin, "content-type": "application/json" }, body: JSON.stringify({ pubkey, tier: "member" }) });
    expect(tier.ok).toBe(true);

    const readerClient = await Relay.connect(relay!.url);
    const publisher = await Relay.connect(relay!.url);
    clients.push(readerClient, publisher);
    const seen: NostrEvent[] = [];
    await new Promise<void>((resolve) => readerClient.subscribe([{ authors: [pubkey] }], { onevent: (event) => void seen.push(event), oneose: resolve }));

    const note = finalizeEvent({ kind: 1, created_at: Math.floor(Date.now() / 1000), tags: [["t", "e2e"]], content: "held until a human says yes" }, key);
    await publisher.publish(note); // OK true for its author (shadowReject)
    expect(relay!.events.map((event) => event.id)).not.toContain(note.id);

    await page.goto(`${base}/login?callbackUrl=${encodeURIComponent(`/relay?author=${pubkey}`)}`);
    await page.getByTestId("token-input").fill(E2E_ADMIN_TOKEN);
    await page.getByTestId("login-submit").click();
    await expect(card(page, note)).toBeVisible();
    await hydrated(page);
    expect(seen).toEqual([]);
    await page.keyboard.press("a");
    await expect(card(page, note)).toHaveCount(0);

    await expect.poll(() => seen.map((event) => event.id), { timeout: 30_000 }).toContain(note.id);
    const received = seen.find((event) => event.id === note.id)!;
    expect({ ...received }).toMatchObject({ id: note.id, sig: note.sig, content: note.content, created_at: note.created_at, tags: note.tags });

    await page.goto(`${base}/relay?status=approved&author=${pubkey}`);
    await expect(async () => {
      await page.reload();
      await expect(card(page, note).getByTestId("delivery-state")).toHaveAttribute("data-state", "delivered", { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
  });
});

test("a reject can be undone from its toast: the event is approved after all", async ({ page, request }, testInfo) => {
  const key = await newMember(request);
  const event = await post(request, key, `undo me ${testInfo.project.name}`);
  await logIn(page, E2E_ADMIN_TOKEN, authorView(key));
  await hydrated(page);
  await card(page, event).getByTestId("reject").click();
  await card(page, event).getByTestId("confirm-reject").click();
  await expect(card(page, event)).toHaveCount(0);
  const toast = page.getByTestId("toast");
  await expect(toast).toContainText(`Rejected event ${event.id.slice(0, 8)}`);
  await toast.getByTestId("toast-undo").click();
  await expect(toast).toContainText("approved after all");

  await page.goto(authorView(key, "approved"));
  await expect(card(page, event).getByTestId("decision")).toContainText("Approved by admin");
  await expect(card(page, event).getByTestId("delivery-state")).toBeVisible();
});

test("a rejected event is approved after all from the Rejected tab once its toast is gone, audited with who rejected it", async ({ page, request }, testInfo) => {
  const key = await newMember(request);
  const event = await post(request, key, `rejected, then reconsidered ${testInfo.project.name}`);
  expect((await request.post(`/api/relay/queue/${event.id}/reject`, { headers: admin, data: { reason: "looked off-topic" } })).ok()).toBe(true);

  await logIn(page, E2E_ADMIN_TOKEN, authorView(key, "rejected"));
  await card(page, event).getByTestId("approve-after-all").click();
  await expect(page.getByTestId("toast")).toContainText(`Event ${event.id.slice(0, 8)} approved after all`);
  await expect(card(page, event)).toHaveCount(0);

  await page.goto(`/relay/events/${event.id}`);
  await expect(card(page, event).getByTestId("decision")).toContainText("Approved by admin");
  await expect(card(page, event).getByTestId("approve-after-all")).toHaveCount(0);
  const entry = page.getByTestId("audit-row").filter({ hasText: "relay.event.approve" });
  await expect(entry).toContainText("approved after all from the queue");
  await expect(entry).toContainText("looked off-topic");
});

test("the queue pages by 25 and says where it is: 1–25 of 27, Next to 26–27, Previous back to the same first page", async ({ page, request }) => {
  test.setTimeout(90_000);
  const key = await newMember(request);
  for (let i = 0; i < 27; i++) await post(request, key, `paged note ${i}`);
  await logIn(page, E2E_ADMIN_TOKEN, authorView(key));
  const ids = () => page.getByTestId("queue-item").evaluateAll((all) => all.map((item) => item.getAttribute("data-id")));
  await expect(page.getByTestId("queue-item")).toHaveCount(25);
  await expect(page.getByTestId("pager-position")).toHaveText("1–25 of 27");
  await expect(page.getByTestId("pager-previous")).toHaveCount(0);
  const first = await ids();

  await page.getByTestId("queue-next").click();
  await expect(page.getByTestId("pager-position")).toHaveText("26–27 of 27");
  await expect(page.getByTestId("queue-item")).toHaveCount(2);
  const second = await ids();
  expect(second.filter((id) => first.includes(id))).toEqual([]);
  await expect(page.getByTestId("queue-next")).toHaveCount(0);

  await page.getByTestId("pager-previous").click();
  await expect(page.getByTestId("pager-position")).toHaveText("1–25 of 27");
  expect(await ids()).toEqual(first);
});
