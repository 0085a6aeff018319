// The delivery outbox: approved events reach the relay unchanged, failures retry with
// backoff (state on the row), and concurrent workers never deliver an event twice.
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { decideEvent } from "@/lib/relay/decide-event";
import { enqueueHeldEvents } from "@/lib/relay/enqueue-held";
import { DELIVERY_BACKOFF, deliveryDelayMs } from "@/lib/relay/outbox/backoff";
import { deliverDue } from "@/lib/relay/outbox/deliver-due";
import { startDeliveryOutbox } from "@/lib/relay/outbox/delivery-worker";
import { strfryImportPublisher } from "@/lib/relay/outbox/import-strfry";
import { websocketPublisher } from "@/lib/relay/outbox/publish-websocket";
import type { Publisher } from "@/lib/relay/outbox/publisher";
import type { NostrEvent } from "@/lib/relay/policy/nostr-event";
import { scratchDir, withMigratedDatabase } from "../support/database";
import { FakeRelay } from "./support/fake-relay";
import { newAuthor, pluginRequest } from "./support/nostr";

withMigratedDatabase();

const relay = new FakeRelay();
afterAll(() => relay.stop());

// Each test starts with an empty outbox.
beforeEach(async () => {
  await db().relayEvent.updateMany({ where: { delivery: { in: ["queued", "retrying"] } }, data: { delivery: "delivered" } });
  relay.received = [];
  relay.mode = "accept";
});

async function approved(count: number): Promise<NostrEvent[]> {
  const author = newAuthor();
  const events = Array.from({ length: count }, () => author.sign({ tags: [["t", "warden"]], content: "approved ✓" }));
  await enqueueHeldEvents(events.map((event) => pluginRequest(event)));
  for (const event of events) await decideEvent(event.id, "approve", "alice");
  return events;
}

const row = (id: string) => db().relayEvent.findUniqueOrThrow({ where: { id } });
const later = (ms: number) => () => new Date(Date.now() + ms);

describe("backoff", () => {
  it("doubles from 1 s with jitter in the upper half, capped at 10 minutes", () => {
    expect([1, 2, 3, 4].map((attempt) => deliveryDelayMs(attempt, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect([1, 2, 3].map((attempt) => deliveryDelayMs(attempt, () => 0))).toEqual([500, 1_000, 2_000]);
    expect(deliveryDelayMs(40, () => 1)).toBe(DELIVERY_BACKOFF.capMs);
    expect(deliveryDelayMs(40, () => 0)).toBe(DELIVERY_BACKOFF.capMs / 2);
  });
});

describe("delivery over the relay's websocket", () => {
  it("publishes approved events unchanged (same id, same signature) and marks them delivered", async () => {
    await relay.start();
    const events = await approved(3);
    expect(await deliverDue(websocketPublisher(relay.url))).toBe(3);
    expect(relay.received).toEqual(events);
    for (const event of events) {
      expect(await row(event.id)).toMatchObject({ delivery: "delivered", deliveryAttempts: 1, deliveryError: null, nextDeliveryAt: null });
    }
    expect(await deliverDue(websocketPublisher(relay.url))).toBe(0);
  });

  it("relay down: retrying with the error and a backoff, then delivered once it is back", async () => {
    await relay.stop();
    const [event] = await approved(1);
    const publisher = websocketPublisher(relay.url);
    expect(await deliverDue(publisher, { random: () => 1 })).toBe(1);
    const failed = await row(event!.id);
    expect(failed).toMatchObject({ status: "approved", delivery: "retrying", deliveryAttempts: 1, deliveryError: expect.stringMatching(/^cannot reach the relay: /) });
    // Not due again before its backoff has passed.
    expect(await deliverDue(publisher)).toBe(0);
    await relay.start();
    const due = failed.nextDeliveryAt!.getTime() - Date.now();
    expect(due).toBeLessThanOrEqual(1_000);
    expect(await deliverDue(publisher, { clock: later(due + 1) })).toBe(1);
    expect(await row(event!.id)).toMatchObject({ delivery: "delivered", deliveryAttempts: 2, deliveryError: null });
    expect(relay.received).toEqual([event]);
  });

  it("a refusal is retried with the relay's message; 'duplicate:' counts as delivered", async () => {
    await relay.start();
    const [refused, duplicate] = await approved(2);
    relay.mode = "refuse";
    await deliverDue(websocketPublisher(relay.url), { random: () => 0 });
    expect(await row(refused!.id)).toMatchObject({ delivery: "retrying", deliveryError: "relay refused: blocked: not on this relay" });
    relay.mode = "duplicate";
    await deliverDue(websocketPublisher(relay.url), { clock: later(60_000) });
    expect(await row(duplicate!.id)).toMatchObject({ delivery: "delivered" });
    expect(await row(refused!.id)).toMatchObject({ delivery: "delivered", deliveryAttempts: 2 });
  });

  it("a relay that never answers times out into a retry", async () => {
    await relay.start();
    const [event] = await approved(1);
    relay.mode = "silent";
    await deliverDue(websocketPublisher(relay.url, 200));
    expect(await row(event!.id)).toMatchObject({ delivery: "retrying", deliveryError: "no OK from the relay within 0.2 s" });
  });
});

describe("several workers", () => {
  it("never deliver the same event twice (claims are conditional updates)", async () => {
    const events = await approved(12);
    const published: string[] = [];
    const slow: Publisher = {
      name: "counting",
      publish: async (batch) => {
        published.push(...batch.map((event) => event.id));
        return new Map(batch.map((event) => [event.id, { ok: true }]));
      },
    };
    const claimed = await Promise.all([deliverDue(slow), deliverDue(slow), deliverDue(slow)]);
    expect(claimed.reduce((sum, n) => sum + n, 0)).toBe(12);
    expect(published.sort()).toEqual(events.map((event) => event.id).sort());
  });

  it("the server's worker delivers an approval at once, and stops cleanly", async () => {
    await relay.start();
    const outbox = startDeliveryOutbox(websocketPublisher(relay.url));
    try {
      const [event] = await approved(1);
      await expect.poll(async () => (await row(event!.id)).delivery, { timeout: 20_000 }).toBe("delivered");
      expect(relay.received).toEqual([event]);
    } finally {
      await outbox.stop();
    }
  });
});

describe("delivery with strfry import", () => {
  function fakeStrfry(exitCode: number): { bin: string; stdin: string; args: string } {
    const folder = scratchDir("strfry");
    const stdin = path.join(folder, "stdin.jsonl");
    const args = path.join(folder, "args");
    const bin = path.join(folder, "strfry");
    writeFileSync(bin, `#!/bin/sh\necho "$@" > ${args}\ncat > ${stdin}\necho "import failed: LMDB is locked" >&2\nexit ${exitCode}\n`);
    chmodSync(bin, 0o755);
    return { bin, stdin, args };
  }

  it("pipes the events as JSONL to `strfry --config=… import` and marks them delivered on exit 0", async () => {
    const strfry = fakeStrfry(0);
    const events = await approved(2);
    await deliverDue(strfryImportPublisher(strfry.bin, "/etc/strfry.conf"));
    expect(readFileSync(strfry.args, "utf8").trim()).toBe("--config=/etc/strfry.conf import");
    const lines = readFileSync(strfry.stdin, "utf8").trim().split("\n").map((line) => JSON.parse(line));
    expect(lines).toEqual(events);
    for (const event of events) expect(await row(event.id)).toMatchObject({ delivery: "delivered" });
  });

  it("a failed import is retried with its last stderr line; a missing binary says so", async () => {
    const [event] = await approved(1);
    await deliverDue(strfryImportPublisher(fakeStrfry(1).bin));
    expect(await row(event!.id)).toMatchObject({ delivery: "retrying", deliveryError: "strfry import exited with 1: import failed: LMDB is locked" });
    await deliverDue(strfryImportPublisher("/nonexistent/strfry"), { clock: later(60_000) });
    expect(await row(event!.id)).toMatchObject({ delivery: "retrying", deliveryAttempts: 2, deliveryError: expect.stringMatching(/^cannot run STRFRY_BIN: .*ENOENT/) });
  });
});
