import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { logger } from "@/lib/log";
import { notifyModerators } from "@/lib/triage/notify";
import { notifyConfigured } from "@/lib/triage/settings";
import { setEnv } from "../support/env";
import { CHAT_PROXY, startFakeBsky, type FakeBsky } from "../support/fake-bsky";

const bot = { handle: "warden-bot.test", password: "bot-app-password-0123" };
const text = "Warden: 12 items wait for review.\nhttps://warden.test/review";

describe("moderator DMs", () => {
  let bsky: FakeBsky;
  beforeEach(async () => {
    bsky = await startFakeBsky({ bot, users: ["alice.test", "bob.test", "closed.test"], dmsClosed: ["closed.test"] });
    return () => bsky.close();
  });
  const notify = (recipients: string[], body = text) => notifyModerators(body, { service: bsky.url, ...bot, recipients });
  const sentTexts = () => bsky.messages.map((message) => message.text);

  it("DMs each recipient the exact text through the chat proxy, then ends its session", async () => {
    const result = await notify(["alice.test", "bob.test"]);

    expect(result).toEqual({ sent: ["alice.test", "bob.test"], failed: [] });
    expect(bsky.messages).toEqual([
      { convoId: expect.any(String), recipientDid: bsky.didOf("alice.test"), text },
      { convoId: expect.any(String), recipientDid: bsky.didOf("bob.test"), text },
    ]);
    const chat = bsky.calls.filter((call) => call.nsid.startsWith("chat.bsky."));
    expect(chat.map((call) => call.nsid)).toEqual([
      "chat.bsky.convo.getConvoForMembers",
      "chat.bsky.convo.sendMessage",
      "chat.bsky.convo.getConvoForMembers",
      "chat.bsky.convo.sendMessage",
    ]);
    expect(chat.map((call) => call.proxy)).toEqual(Array(4).fill(CHAT_PROXY));
    // Handles resolve on the bot's own PDS, not through the chat service.
    expect(bsky.calls.filter((call) => call.nsid === "com.atproto.identity.resolveHandle").map((call) => call.proxy)).toEqual([undefined, undefined]);
    expect(bsky.openSessions()).toBe(0);
  });

  it("reads the service, bot and recipients from the environment", async () => {
    onTestFinished(
      setEnv({ BSKY_SERVICE: bsky.url, NOTIFY_BOT_HANDLE: bot.handle, NOTIFY_BOT_PASSWORD: bot.password, NOTIFY_RECIPIENTS: "@bob.test, alice.test" }),
    );
    expect(await notifyModerators(text)).toEqual({ sent: ["bob.test", "alice.test"], failed: [] });
    expect(bsky.messages.map((message) => message.recipientDid)).toEqual([bsky.didOf("bob.test"), bsky.didOf("alice.test")]);
  });

  it("reports an unknown handle and closed DMs, and still reaches the other recipients", async () => {
    const result = await notify(["nobody.test", "closed.test", "alice.test"]);

    expect(result).toEqual({
      sent: ["alice.test"],
      failed: [
        { handle: "nobody.test", error: "InvalidRequest: Unable to resolve handle" },
        { handle: "closed.test", error: "InvalidRequest: recipient has disabled incoming messages" },
      ],
    });
    expect(bsky.messages).toEqual([{ convoId: expect.any(String), recipientDid: bsky.didOf("alice.test"), text }]);
  });

  it("on a wrong bot password, fails every recipient with a clear error and never shows the password", async () => {
    const logged = (["fatal", "error", "warn", "info", "debug", "trace"] as const).map((level) => vi.spyOn(logger, level));
    onTestFinished(() => logged.forEach((spy) => spy.mockRestore()));
    const password = "wrong-password-4567";

    const result = await notifyModerators(text, { service: bsky.url, handle: bot.handle, password, recipients: ["alice.test", "bob.test"] });

    const error = `bot login as warden-bot.test on ${bsky.url} failed: AuthenticationRequired: Invalid identifier or password`;
    expect(result).toEqual({ sent: [], failed: [{ handle: "alice.test", error }, { handle: "bob.test", error }] });
    expect(bsky.messages).toEqual([]);
    const logText = JSON.stringify(logged.flatMap((spy) => spy.mock.calls));
    expect(logText).toContain("Invalid identifier or password");
    for (const output of [JSON.stringify(result), logText]) {
      expect(output).not.toContain(password);
      expect(output).not.toContain(bot.password);
    }
  });

  it("reports an unreachable service for every recipient instead of throwing", async () => {
    await bsky.close();
    const result = await notify(["alice.test", "bob.test"]);

    expect(result.sent).toEqual([]);
    expect(result.failed).toEqual([
      { handle: "alice.test", error: expect.stringMatching(/^bot login as warden-bot\.test on http:\/\/127\.0\.0\.1:\d+ failed: fetch failed: \S/) },
      { handle: "bob.test", error: result.failed[0]!.error },
    ]);
  });

  it("contacts nobody when there is no recipient", async () => {
    expect(await notify([])).toEqual({ sent: [], failed: [] });
    expect(bsky.calls).toEqual([]);
  });

  it("cuts text to the chat limit of 1000 graphemes and 10000 bytes, ending with an ellipsis", async () => {
    const family = "👩‍👩‍👧‍👦"; // one grapheme, 25 UTF-8 bytes
    const exact = "b".repeat(1000);

    const result = await notify(["alice.test"], "a".repeat(1500));
    await notify(["alice.test"], exact);
    await notify(["alice.test"], family.repeat(1200));

    expect(result).toEqual({ sent: ["alice.test"], failed: [] });
    expect(sentTexts()).toEqual(["a".repeat(999) + "…", exact, family.repeat(399) + "…"]);
    expect(Buffer.byteLength(sentTexts()[2]!)).toBeLessThanOrEqual(10_000);
  });
});

describe("notifyConfigured", () => {
  // The first change's undo restores the environment as it was before the test.
  let undo: (() => void) | undefined;
  afterEach(() => {
    undo?.();
    undo = undefined;
  });
  const configure = (vars: Record<string, string | undefined>) => {
    const restore = setEnv({ NOTIFY_BOT_HANDLE: bot.handle, NOTIFY_BOT_PASSWORD: bot.password, NOTIFY_RECIPIENTS: "alice.test", ...vars });
    undo ??= restore;
  };

  it("needs a bot handle, its password and at least one recipient", () => {
    configure({});
    expect(notifyConfigured()).toBe(true);
    configure({ NOTIFY_RECIPIENTS: undefined });
    expect(notifyConfigured()).toBe(false);
    configure({ NOTIFY_RECIPIENTS: " , " });
    expect(notifyConfigured()).toBe(false);
    configure({ NOTIFY_BOT_PASSWORD: undefined });
    expect(notifyConfigured()).toBe(false);
    configure({ NOTIFY_BOT_HANDLE: undefined });
    expect(notifyConfigured()).toBe(false);
  });
});
