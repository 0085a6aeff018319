import { describe, expect, it } from "vitest";
import { decide, type PolicyConfig, type PolicyView } from "@/lib/relay/policy/decide";
import { addressOf, supersedes } from "@/lib/relay/policy/nostr-event";
import { parsePluginLine, parsePluginRequest } from "@/lib/relay/policy/plugin-io";
import { PolicySnapshot } from "@/lib/relay/policy/snapshot";
import type { PubkeyTier } from "@/lib/relay/policy/tiers";
import { LineSplitter } from "@/lib/relay/plugin/line-splitter";
import { wardenEndpoint } from "@/lib/relay/plugin/plugin-env";
import { newAuthor, pluginRequest } from "./support/nostr";

const config: PolicyConfig = { maxEventBytes: 65_536, maxFutureSeconds: 900, allowedKinds: null, deniedKinds: null, unknownPubkeys: "reject" };
const now = Math.floor(Date.now() / 1000);

function view(tiers: Record<string, PubkeyTier>, approved: string[] = []): PolicyView {
  return { tierOf: (pubkey) => tiers[pubkey] ?? "unknown", isApproved: (id) => approved.includes(id) };
}

describe("the policy core", () => {
  const trusted = newAuthor();
  const member = newAuthor();
  const blocked = newAuthor();
  const stranger = newAuthor();
  const tiers = view({ [trusted.pubkey]: "trusted", [member.pubkey]: "member", [blocked.pubkey]: "blocked" });
  const action = (event = trusted.sign(), options: { view?: PolicyView; config?: Partial<PolicyConfig>; authed?: string } = {}) =>
    decide(pluginRequest(event, { authed: options.authed }), options.view ?? tiers, { ...config, ...options.config }, now);

  it("decides by tier: trusted accept, member hold, blocked and unknown reject with NIP-01 prefixes", () => {
    expect(action(trusted.sign())).toEqual({ action: "accept", msg: "" });
    expect(action(member.sign())).toEqual({ action: "hold", msg: "" });
    expect(action(blocked.sign())).toEqual({ action: "reject", msg: expect.stringMatching(/^blocked: /) });
    expect(action(stranger.sign())).toEqual({ action: "reject", msg: expect.stringMatching(/^restricted: /) });
  });

  it("holds unknown pubkeys instead when RELAY_UNKNOWN_PUBKEYS=hold (an open relay)", () => {
    expect(action(stranger.sign(), { config: { unknownPubkeys: "hold" } }).action).toBe("hold");
    expect(action(blocked.sign(), { config: { unknownPubkeys: "hold" } }).action).toBe("reject");
  });

  it("applies size, future and kind rules before the author's tier", () => {
    const big = trusted.sign({ content: "x".repeat(70_000) });
    expect(action(big)).toEqual({ action: "reject", msg: expect.stringMatching(/^invalid: event too large \(\d+ bytes, limit 65536\)$/) });
    expect(action(trusted.sign({ created_at: now + 901 })).msg).toBe("invalid: created_at is too far in the future");
    expect(action(trusted.sign({ created_at: now + 899 })).action).toBe("accept");
    expect(action(trusted.sign({ kind: 4 }), { config: { deniedKinds: [4] } }).msg).toMatch(/^blocked: kind 4 /);
    expect(action(trusted.sign({ kind: 7 }), { config: { allowedKinds: [1, 6] } }).action).toBe("reject");
    expect(action(trusted.sign({ kind: 6 }), { config: { allowedKinds: [1, 6] } }).action).toBe("accept");
  });

  it("accepts an approved event id whatever its author's tier (how the outbox delivers it)", () => {
    const held = member.sign();
    const fromBlocked = blocked.sign();
    const approved = view({ [member.pubkey]: "member", [blocked.pubkey]: "blocked" }, [held.id, fromBlocked.id]);
    expect(action(held, { view: approved }).action).toBe("accept");
    expect(action(fromBlocked, { view: approved }).action).toBe("accept");
  });

  it("counts a NIP-42 authed pubkey: the more trusted tier applies, blocked always wins", () => {
    expect(action(stranger.sign(), { authed: trusted.pubkey }).action).toBe("accept");
    expect(action(stranger.sign(), { authed: member.pubkey }).action).toBe("hold");
    expect(action(trusted.sign(), { authed: blocked.pubkey }).action).toBe("reject");
    expect(action(member.sign(), { authed: "" }).action).toBe("hold");
  });
});

describe("plugin request lines", () => {
  const event = newAuthor().sign();
  const line = (value: unknown) => parsePluginLine(typeof value === "string" ? value : JSON.stringify(value));

  it("checks a whole request for Warden, dropping unknown fields of the event", () => {
    const parsed = parsePluginRequest({ ...pluginRequest(event), event: { ...event, extra: 1 }, future: true });
    expect(parsed).toMatchObject({ ok: true, input: { type: "new", event } });
    expect(parsed.ok && "extra" in parsed.input.event).toBe(false);
    expect(parsePluginRequest({ ...pluginRequest(event), event: { ...event, tags: [[1]] } })).toMatchObject({ ok: false, id: event.id, msg: /^invalid: event\.tags/ });
  });

  it("on the plugin's hot path, checks what the policy decides on and keeps the request as read", () => {
    const request = { ...pluginRequest(event), event: { ...event, extra: 1 } };
    const parsed = line(request);
    expect(parsed).toEqual({
      ok: true,
      input: { type: "new", event: { id: event.id, pubkey: event.pubkey, created_at: event.created_at, kind: event.kind }, authed: undefined },
      value: request,
    });
  });

  it("keeps the event id of a malformed request so it can be answered", () => {
    expect(line({ type: "new", event: { id: event.id } })).toMatchObject({ ok: false, id: event.id, msg: expect.stringMatching(/^invalid: event\.pubkey/) });
    expect(line({ type: "lookback", event })).toMatchObject({ ok: false, id: event.id, msg: "invalid: type: unsupported request type" });
    expect(line(`{"type":"new","event":{"id":"${event.id}","content":"trunc`)).toEqual({ ok: false, id: event.id, msg: "invalid: request is not valid JSON" });
  });

  it("cannot answer a line without any event id", () => {
    for (const bad of ["garbage", "[]", "null", '"text"', "{}", '{"event":{"id":42}}', `{"event":{"id":"${"a".repeat(200)}"}}`]) {
      expect(line(bad)).toMatchObject({ ok: false, id: null });
    }
  });
});

describe("the plugin's snapshot", () => {
  const configIn = { ...config };
  it("loads in full, then applies changes: unknown removes a tier, unapproved drops an id", () => {
    const snapshot = new PolicySnapshot();
    snapshot.apply({ version: 3, full: true, config: configIn, tiers: { member: ["a"], trusted: ["b"] }, approved: ["x"], unapproved: [] });
    expect([snapshot.tierOf("a"), snapshot.tierOf("b"), snapshot.tierOf("c"), snapshot.isApproved("x")]).toEqual(["member", "trusted", "unknown", true]);
    snapshot.apply({ version: 5, full: false, config: configIn, tiers: { unknown: ["a"], blocked: ["c"] }, approved: ["y"], unapproved: ["x"] });
    expect([snapshot.tierOf("a"), snapshot.tierOf("c"), snapshot.isApproved("x"), snapshot.isApproved("y"), snapshot.version]).toEqual([
      "unknown",
      "blocked",
      false,
      true,
      5,
    ]);
    snapshot.apply({ version: 9, full: true, config: configIn, tiers: {}, approved: [], unapproved: [] });
    expect(snapshot.size).toEqual({ tiers: 0, approved: 0 });
  });
});

describe("kind classes", () => {
  const author = newAuthor();
  it("gives replaceable and addressable events an address, others none", () => {
    expect(addressOf(author.sign({ kind: 0 }))).toBe(`0:${author.pubkey}:`);
    expect(addressOf(author.sign({ kind: 10_002 }))).toBe(`10002:${author.pubkey}:`);
    expect(addressOf(author.sign({ kind: 30_023, tags: [["d", "post-1"]] }))).toBe(`30023:${author.pubkey}:post-1`);
    expect(addressOf(author.sign({ kind: 30_023 }))).toBe(`30023:${author.pubkey}:`);
    expect(addressOf(author.sign({ kind: 1 }))).toBeNull();
    expect(addressOf(author.sign({ kind: 20_001 }))).toBeNull();
  });

  it("orders versions as NIP-01 does: newer first, then the lower id", () => {
    expect(supersedes({ created_at: 2, id: "b" }, { created_at: 1, id: "a" })).toBe(true);
    expect(supersedes({ created_at: 1, id: "a" }, { created_at: 1, id: "b" })).toBe(true);
    expect(supersedes({ created_at: 1, id: "b" }, { created_at: 1, id: "a" })).toBe(false);
  });
});

describe("the plugin's input and endpoints", () => {
  it("splits stdin into lines across chunks, and cuts an overlong line to its head", () => {
    const lines: [string, number][] = [];
    const overlong: string[] = [];
    const splitter = new LineSplitter(16);
    for (const chunk of ["a\nbé", "c\n", "\n0123456789", "abcdefghij", "klm\nok\n"]) {
      splitter.push(Buffer.from(chunk), (line, bytes) => lines.push([line, bytes]), (head) => overlong.push(head));
    }
    expect(lines).toEqual([["a", 1], ["béc", 4], ["", 0], ["ok", 2]]);
    expect(overlong).toEqual(["0123456789abcdefghij"]);
  });

  it("keeps WARDEN_URL's path prefix", () => {
    expect(wardenEndpoint("http://127.0.0.1:3000", "api/relay/held").href).toBe("http://127.0.0.1:3000/api/relay/held");
    expect(wardenEndpoint("https://example.org/warden", "api/relay/held").href).toBe("https://example.org/warden/api/relay/held");
    expect(wardenEndpoint("https://example.org/warden/", "api/relay/held").href).toBe("https://example.org/warden/api/relay/held");
  });
});
