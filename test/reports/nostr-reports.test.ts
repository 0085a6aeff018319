// NIP-56 reports through the real write-policy plugin (bin/strfry-policy driven as
// strfry drives it): a kind-1984 event the policy lets through lands in the inbox on
// its p pubkey and e event, weighted by its author's tier.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as reports from "@/app/api/relay/reports/route";
import { db } from "@/lib/db";
import { setPubkeyTier } from "@/lib/relay/trust";
import { withMigratedDatabase } from "../support/database";
import { setEnv } from "../support/env";
import { newAuthor, pluginRequest } from "../relay/support/nostr";
import { PluginProcess } from "../relay/support/plugin-process";
import { relayRoutes } from "../relay/support/relay-routes";
import { serveRoutes, type RouteServer } from "../relay/support/route-server";

withMigratedDatabase();

const SECRET = "reports-test-relay-secret-0123";
const POLL = { timeout: 20_000 };
const trusted = newAuthor();
const member = newAuthor();
const blocked = newAuthor();
const offender = newAuthor();

let warden: RouteServer;
const plugins: PluginProcess[] = [];
/** Forwarded batches Warden is still recording: the database must outlive them. */
let recording = 0;

beforeAll(async () => {
  setEnv({ RELAY_SECRET: SECRET, RELAY_UNKNOWN_PUBKEYS: "hold", NOSTR_REPORTS_FROM_UNKNOWN: "ignore" });
  await setPubkeyTier({ pubkey: trusted.pubkey, tier: "trusted" }, "admin");
  await setPubkeyTier({ pubkey: member.pubkey, tier: "member" }, "admin");
  await setPubkeyTier({ pubkey: blocked.pubkey, tier: "blocked" }, "admin");
  const record = async (request: Request) => {
    recording++;
    try {
      return await reports.POST(request);
    } finally {
      recording--;
    }
  };
  warden = await serveRoutes({ ...relayRoutes, "/api/relay/reports": { POST: record } });
});
afterAll(async () => {
  for (let waited = 0; recording > 0 && waited < POLL.timeout; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  await warden.close();
});
afterEach(() => plugins.splice(0).forEach((plugin) => plugin.kill()));

function startPlugin(): PluginProcess {
  const plugin = new PluginProcess({ WARDEN_URL: warden.url, RELAY_SECRET: SECRET });
  plugins.push(plugin);
  return plugin;
}

const subjectOf = (key: string) => db().reportSubject.findUnique({ where: { key } });

describe("NIP-56 reports through the write policy", () => {
  it("a trusted author's report of a note lands on the note and its author, weighted 3; a held member's adds 1", async () => {
    const plugin = startPlugin();
    const note = offender.sign({ kind: 1, content: "spam spam spam" });
    const report = trusted.sign({ kind: 1984, content: "selling fake goods", tags: [["e", note.id, "spam"], ["p", offender.pubkey]] });
    expect(await plugin.decide(pluginRequest(report))).toEqual({ id: report.id, action: "accept", msg: "" });
    await expect.poll(() => subjectOf(`nostr:event:${note.id}`), POLL).toMatchObject({ kind: "nostr_event", author: offender.pubkey, reportCount: 1, weight: 3, reasonTypes: ["tools.ozone.report.defs#reasonMisleadingSpam"] });
    expect(await subjectOf(`nostr:pubkey:${offender.pubkey}`)).toMatchObject({ reportCount: 1, weight: 3 });
    const row = await db().report.findFirstOrThrow({ where: { nostrEventId: report.id, subject: { kind: "nostr_event" } } });
    expect(row).toMatchObject({ source: "nostr", reporter: trusted.pubkey, reason: "selling fake goods" });

    const second = member.sign({ kind: 1984, tags: [["p", offender.pubkey, "impersonation"]] });
    // A member's events are held for review (the report event follows the normal policy); its report still counts.
    expect((await plugin.decide(pluginRequest(second))).action).toBe("shadowReject");
    await expect.poll(() => subjectOf(`nostr:pubkey:${offender.pubkey}`), POLL).toMatchObject({ reportCount: 2, reporterCount: 2, weight: 4 });
    // The same event forwarded again (strfry sees duplicates) is recorded once.
    await plugin.decide(pluginRequest(second));
    await plugin.decide(pluginRequest(trusted.sign({ kind: 1, content: "a later event, so the forwarder has run" })));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await subjectOf(`nostr:pubkey:${offender.pubkey}`)).toMatchObject({ reportCount: 2 });
  });

  it("ignores reports from unknown authors unless configured, and from blocked ones always", async () => {
    const stranger = newAuthor();
    const target = newAuthor();
    const plugin = startPlugin();
    const fromStranger = stranger.sign({ kind: 1984, tags: [["p", target.pubkey, "spam"]] });
    const fromBlocked = blocked.sign({ kind: 1984, tags: [["p", target.pubkey, "spam"]] });
    await plugin.decide(pluginRequest(fromStranger));
    await plugin.decide(pluginRequest(fromBlocked));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const results = await (await reports.POST(new Request("http://warden.test/api/relay/reports", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${SECRET}` }, body: JSON.stringify({ items: [pluginRequest(fromStranger)] }) }))).json();
    expect(results.results[0]).toMatchObject({ id: fromStranger.id, recorded: 0, ignored: "reporter tier unknown" });
    expect(await subjectOf(`nostr:pubkey:${target.pubkey}`)).toBeNull();

    const restore = setEnv({ NOSTR_REPORTS_FROM_UNKNOWN: "record" });
    try {
      const answer = await (await reports.POST(new Request("http://warden.test/api/relay/reports", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${SECRET}` }, body: JSON.stringify({ items: [pluginRequest(fromStranger), pluginRequest(fromBlocked), pluginRequest({ ...fromStranger, sig: "00".repeat(64) })] }) }))).json();
      expect(answer.results.map((result: { recorded: number }) => result.recorded)).toEqual([1, 0, 0]);
      expect(await subjectOf(`nostr:pubkey:${target.pubkey}`)).toMatchObject({ reportCount: 1, weight: 0.25 });
    } finally {
      restore();
    }
  });
});
