// bin/strfry-policy driven exactly as strfry drives it (JSONL over stdin/stdout,
// `sh -c` from another folder) against Warden's relay routes on real HTTP.
import { createServer } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { decideEvent } from "@/lib/relay/decide-event";
import { setPubkeyTier } from "@/lib/relay/trust";
import { withMigratedDatabase } from "../support/database";
import { setEnv } from "../support/env";
import { newAuthor, pluginRequest } from "./support/nostr";
import { PluginProcess } from "./support/plugin-process";
import { relayRoutes } from "./support/relay-routes";
import { serveRoutes, type RouteServer } from "./support/route-server";

withMigratedDatabase();

const SECRET = "plugin-test-relay-secret-0123";
// Generous bounds for a loaded machine: these wait for a state, they do not time anything.
const POLL = { timeout: 20_000 };
const UNAVAILABLE = { action: "reject", msg: "error: moderation service unavailable" };
const trusted = newAuthor();
const member = newAuthor();
const blocked = newAuthor();

let warden: RouteServer;
const heldBatches: number[] = [];
const plugins: PluginProcess[] = [];

beforeAll(async () => {
  setEnv({ RELAY_SECRET: SECRET, RELAY_UNKNOWN_PUBKEYS: "reject" });
  await setPubkeyTier({ pubkey: trusted.pubkey, tier: "trusted" }, "admin");
  await setPubkeyTier({ pubkey: member.pubkey, tier: "member" }, "admin");
  await setPubkeyTier({ pubkey: blocked.pubkey, tier: "blocked" }, "admin");
  const held = relayRoutes["/api/relay/held"]!.POST!;
  warden = await serveRoutes({
    ...relayRoutes,
    "/api/relay/held": {
      POST: async (request) => {
        heldBatches.push(((await request.clone().json()) as { items: unknown[] }).items.length);
        return held(request);
      },
    },
  });
});
afterAll(() => warden.close());
afterEach(() => plugins.splice(0).forEach((plugin) => plugin.kill()));

function startPlugin(env: Record<string, string> = { WARDEN_URL: warden.url, RELAY_SECRET: SECRET }): PluginProcess {
  const plugin = new PluginProcess(env);
  plugins.push(plugin);
  return plugin;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("the strfry plugin", () => {
  it("answers every line that names an event exactly once, with its id, and never dies", async () => {
    const plugin = startPlugin();
    const ok = trusted.sign();
    const held = member.sign();
    const stranger = newAuthor().sign();
    const banned = blocked.sign();
    const huge = trusted.sign({ content: "x".repeat(1_048_576) });
    const truncated = trusted.sign();
    const missing = trusted.sign();
    const lookback = trusted.sign();
    const badKind = trusted.sign();
    const last = trusted.sign();
    plugin.send(
      pluginRequest(ok),
      "garbage that is not JSON",
      `{"type":"new","event":{"id":"${truncated.id}","pubkey":"`,
      { type: "new", event: { id: missing.id, content: "no pubkey, no sig" } },
      { type: "lookback", event: lookback },
      { ...pluginRequest(badKind), event: { ...badKind, kind: "1" } },
      pluginRequest(held),
      pluginRequest(stranger),
      pluginRequest(banned),
      "",
      "[]",
      '{"type":"new"}',
      "x".repeat(1_100_000),
      pluginRequest(huge),
      pluginRequest(last),
    );
    const expected: Record<string, { action: string; msg: RegExp }> = {
      [ok.id]: { action: "accept", msg: /^$/ },
      [truncated.id]: { action: "reject", msg: /^invalid: request is not valid JSON$/ },
      [missing.id]: { action: "reject", msg: /^invalid: event\./ },
      [lookback.id]: { action: "reject", msg: /^invalid: type: unsupported request type$/ },
      [badKind.id]: { action: "reject", msg: /^invalid: event\.kind/ },
      [held.id]: { action: "shadowReject", msg: /^$/ },
      [stranger.id]: { action: "reject", msg: /^restricted: / },
      [banned.id]: { action: "reject", msg: /^blocked: / },
      [huge.id]: { action: "reject", msg: /^invalid: event too large/ },
      [last.id]: { action: "accept", msg: /^$/ },
    };
    for (const [id, { action, msg }] of Object.entries(expected)) {
      const [reply] = await plugin.repliesFor(id);
      expect(reply).toEqual({ id, action, msg: expect.stringMatching(msg) });
    }
    // Still alive and answering; nothing else was ever written to stdout.
    const after = trusted.sign();
    expect(await plugin.decide(pluginRequest(after))).toEqual({ id: after.id, action: "accept", msg: "" });
    expect(plugin.replies).toHaveLength(Object.keys(expected).length + 1);
    expect(new Set(plugin.replies.map((reply) => reply.id)).size).toBe(plugin.replies.length);
    expect(plugin.strayLines).toEqual([]);
    expect(plugin.stderr).toContain("cannot answer a line without an event id");
    expect(await plugin.close()).toBe(0);
  });

  it("stores a held event before replying, and batches events that arrive together", async () => {
    const plugin = startPlugin();
    const one = member.sign();
    expect(await plugin.decide(pluginRequest(one))).toEqual({ id: one.id, action: "shadowReject", msg: "" });
    expect(await db().relayEvent.findUnique({ where: { id: one.id } })).toMatchObject({ status: "pending", event: one });

    heldBatches.length = 0;
    const many = Array.from({ length: 40 }, () => member.sign());
    plugin.send(...many.map((event) => pluginRequest(event)));
    for (const event of many) expect(await plugin.repliesFor(event.id)).toEqual([{ id: event.id, action: "shadowReject", msg: "" }]);
    expect(await db().relayEvent.count({ where: { id: { in: many.map((event) => event.id) } } })).toBe(40);
    expect(heldBatches.reduce((sum, n) => sum + n, 0)).toBe(40);
    expect(Math.max(...heldBatches)).toBeGreaterThan(1);
  });

  it("follows Warden's changes without a restart: new tiers, approved ids", async () => {
    const plugin = startPlugin();
    const author = newAuthor();
    await setPubkeyTier({ pubkey: author.pubkey, tier: "member" }, "admin");
    const first = author.sign();
    await expect.poll(async () => (await plugin.decide(pluginRequest(author.sign()))).action, POLL).toBe("shadowReject");
    expect((await plugin.decide(pluginRequest(first))).action).toBe("shadowReject");

    // Approved: the outbox republishes it through the relay, and the plugin lets it in.
    await decideEvent(first.id, "approve", "alice");
    expect((await plugin.decide(pluginRequest(first))).action).toBe("accept");

    await setPubkeyTier({ pubkey: author.pubkey, tier: "trusted" }, "admin");
    await expect.poll(async () => (await plugin.decide(pluginRequest(author.sign()))).action, POLL).toBe("accept");
    await setPubkeyTier({ pubkey: author.pubkey, tier: "blocked" }, "admin");
    await expect.poll(async () => (await plugin.decide(pluginRequest(author.sign()))).msg, POLL).toMatch(/^blocked: /);
  });

  it("fails closed when Warden cannot be reached, or open with WARDEN_UNAVAILABLE=accept", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const closed = startPlugin({ WARDEN_URL: url, RELAY_SECRET: SECRET });
    const event = trusted.sign();
    expect(await closed.decide(pluginRequest(event))).toEqual({ id: event.id, ...UNAVAILABLE });
    const open = startPlugin({ WARDEN_URL: url, RELAY_SECRET: SECRET, WARDEN_UNAVAILABLE: "accept" });
    expect(await open.decide(pluginRequest(event))).toEqual({ id: event.id, action: "accept", msg: "" });
    expect(closed.stderr).toMatch(/snapshot: cannot refresh from Warden/);
  });

  it("a wrong secret, or a store that fails, is unavailable too: a held event is never answered unstored", async () => {
    const wrongSecret = startPlugin({ WARDEN_URL: warden.url, RELAY_SECRET: "not-the-relay-secret" });
    const event = member.sign();
    expect(await wrongSecret.decide(pluginRequest(event))).toEqual({ id: event.id, ...UNAVAILABLE });

    const failing = await serveRoutes({ ...relayRoutes, "/api/relay/held": { POST: async () => new Response("down", { status: 500 }) } });
    try {
      const plugin = startPlugin({ WARDEN_URL: failing.url, RELAY_SECRET: SECRET });
      expect(await plugin.decide(pluginRequest(event))).toEqual({ id: event.id, ...UNAVAILABLE });
      expect(await plugin.decide(pluginRequest(trusted.sign()))).toMatchObject({ action: "accept" });
      expect(await db().relayEvent.findUnique({ where: { id: event.id } })).toBeNull();
    } finally {
      await failing.close();
    }
  });

  it("without configuration it still answers (unavailable) and says why on stderr", async () => {
    const plugin = startPlugin({ RELAY_SECRET: SECRET });
    const event = trusted.sign();
    expect(await plugin.decide(pluginRequest(event))).toEqual({ id: event.id, ...UNAVAILABLE });
    expect(plugin.stderr).toMatch(/not configured \(WARDEN_URL: /);
  });
});
