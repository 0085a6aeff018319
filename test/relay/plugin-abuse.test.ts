// bin/strfry-policy's stdin as a broken or hostile relay could fill it: NUL bytes,
// invalid UTF-8, 1 MB and 17 MB lines, deep nesting, wrong types, lone surrogates,
// empty lines. Every line that names an event id gets exactly one reply and every other
// line none (strfry matches replies to events by id), and the process keeps answering.
// Driven exactly as strfry drives it (test/relay/support/plugin-process.ts).
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { setPubkeyTier } from "@/lib/relay/trust";
import { withMigratedDatabase } from "../support/database";
import { setEnv } from "../support/env";
import { newAuthor, pluginRequest } from "./support/nostr";
import { PluginProcess } from "./support/plugin-process";
import { relayRoutes } from "./support/relay-routes";
import { serveRoutes, type RouteServer } from "./support/route-server";

withMigratedDatabase();

const SECRET = "plugin-abuse-relay-secret-0123";
const trusted = newAuthor();
const member = newAuthor();

let warden: RouteServer;
let plugin: PluginProcess | undefined;
beforeAll(async () => {
  setEnv({ RELAY_SECRET: SECRET, RELAY_UNKNOWN_PUBKEYS: "reject" });
  await setPubkeyTier({ pubkey: trusted.pubkey, tier: "trusted" }, "admin");
  await setPubkeyTier({ pubkey: member.pubkey, tier: "member" }, "admin");
  warden = await serveRoutes(relayRoutes);
});
afterAll(() => warden.close());
afterEach(() => plugin?.kill());

/** The reply's action (any, when either is right) and message. */
type Expected = { action?: string; msg: RegExp };
const ACCEPT: Expected = { action: "accept", msg: /^$/ };
const NOT_JSON: Expected = { action: "reject", msg: /^invalid: request is not valid JSON$/ };
const invalid = (field: RegExp): Expected => ({ action: "reject", msg: new RegExp(`^invalid: .*${field.source}`) });

/** A request line as strfry writes it, with `edit` applied to its JSON text. */
const line = (event = trusted.sign(), edit = (text: string) => text) => ({ id: event.id, text: edit(JSON.stringify(pluginRequest(event))) });

it("answers every line that names an event exactly once, and no other line, and keeps answering", async () => {
  plugin = new PluginProcess({ WARDEN_URL: warden.url, RELAY_SECRET: SECRET });
  const answerable: { id: string; bytes: Buffer; expected: Expected }[] = [];
  const expect1 = (request: { id: string; text: string }, expected: Expected) =>
    answerable.push({ id: request.id, bytes: Buffer.from(`${request.text}\n`), expected });

  // Text PostgreSQL cannot store: fine for an accept (nothing is stored); a held event
  // carrying it is rejected by Warden on its own.
  expect1(line(trusted.sign({ content: "a\u0000b" })), ACCEPT);
  expect1(line(trusted.sign({ content: "x\ud800y" })), ACCEPT);
  expect1(line(member.sign({ content: "x\ud800y" })), invalid(/event\.content/));
  expect1(line(member.sign({ tags: [["t", "a\u0000"]] })), invalid(/event\.tags/));
  // Raw bytes where JSON allows none: a NUL inside a string or between tokens.
  expect1(line(undefined, (text) => text.replace('"hello relay"', '"hello\u0000relay"')), NOT_JSON);
  expect1(line(undefined, (text) => text.replace('{"type"', '{\u0000"type"')), NOT_JSON);
  // Trailing garbage, and a line cut short.
  expect1(line(undefined, (text) => `${text}garbage`), NOT_JSON);
  expect1(line(undefined, (text) => text.slice(0, text.indexOf('"pubkey"') + 12)), NOT_JSON);
  // Wrong types in the fields the policy reads.
  expect1(line(undefined, (text) => text.replace('"kind":1', '"kind":"1"')), invalid(/event\.kind/));
  expect1(line(undefined, (text) => text.replace(/"pubkey":"\w+"/, '"pubkey":5')), invalid(/event\.pubkey/));
  expect1(line(undefined, (text) => text.replace(/"created_at":\d+/, '"created_at":1e400')), invalid(/event\.created_at/));
  expect1(line(undefined, (text) => text.replace('"type":"new"', '"type":["new"]')), invalid(/type/));
  expect1(line(undefined, (text) => text.replace('"type":"new"', '"__proto__":{"type":"new"}')), invalid(/type/));
  // A Windows line ending is whitespace to JSON.
  expect1(line(undefined, (text) => `${text}\r`), ACCEPT);
  // A 1 MB event, and a 1 MB line of nesting after a valid request (an extra field the policy ignores).
  expect1(line(trusted.sign({ content: "x".repeat(1_048_576) })), { action: "reject", msg: /^invalid: event too large/ });
  const deep = "[".repeat(500_000) + "]".repeat(500_000);
  expect1(line(undefined, (text) => `${text.slice(0, -1)},"deep":${deep}}`), { msg: /.*/ });
  // Past the plugin's 16 MB line limit: answered from the id near the start, never buffered whole.
  expect1(line(undefined, (text) => `${text.slice(0, -1)},"pad":"${"x".repeat(17 * 1024 * 1024)}"}`), { action: "reject", msg: /^invalid: request too large$/ });

  const invalidUtf8 = (event = trusted.sign()) => {
    const [head, tail] = JSON.stringify(pluginRequest(event)).split("hello relay");
    return { id: event.id, bytes: Buffer.concat([Buffer.from(head!), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from(`${tail}\n`)]) };
  };
  // Invalid UTF-8 decodes to U+FFFD: inside the content, still an event to decide; as the
  // id, an id of the wrong form, echoed as strfry sent it (any short string is).
  answerable.push({ ...invalidUtf8(), expected: ACCEPT });
  const badId = Buffer.concat([Buffer.from('{"type":"new","event":{"id":"'), Buffer.from([0xff, 0xff]), Buffer.from('"}}\n')]);
  answerable.push({ id: "\ufffd\ufffd", bytes: badId, expected: invalid(/event\.id/) });

  // Lines strfry could never match to an event: no reply, and no harm.
  const unanswerable = [
    "",
    "   ",
    "\t",
    "null",
    "42",
    '"text"',
    "[]",
    "{}",
    "true",
    "\u0000\u0000\u0000",
    "x".repeat(1_048_576),
    "[".repeat(1_048_576),
    '{"type":"new","event":{"id":5}}',
    `{"type":"new","event":{"id":"${"a".repeat(200)}"}}`,
    `{"type":"new","event":[${JSON.stringify(trusted.sign())}]}`,
  ].map((text) => Buffer.from(`${text}\n`));

  // Interleaved, each in its own write as strfry's pipe may deliver them.
  for (const [i, { bytes }] of answerable.entries()) {
    plugin.sendBytes(bytes);
    if (unanswerable[i]) plugin.sendBytes(unanswerable[i]);
  }
  for (const bytes of unanswerable.slice(answerable.length)) plugin.sendBytes(bytes);

  for (const { id, expected } of answerable) {
    const [reply] = await plugin.repliesFor(id);
    expect(reply, id).toEqual({ id, action: expected.action ?? expect.any(String), msg: expect.stringMatching(expected.msg) });
  }
  // Still answering; nothing else was written to stdout, and nothing escaped as an unexpected error.
  const after = trusted.sign();
  expect(await plugin.decide(pluginRequest(after))).toEqual({ id: after.id, action: "accept", msg: "" });
  expect(plugin.replies).toHaveLength(answerable.length + 1);
  expect(plugin.strayLines).toEqual([]);
  expect(plugin.stderr).not.toMatch(/unexpected (error|rejection)/);
  expect(await plugin.close()).toBe(0);
});
