import { finalizeEvent, generateSecretKey, getPublicKey } from "nostr-tools/pure";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDatabase, db } from "@/lib/db";
import { sha256Hex } from "@/lib/relay/nip86/verify-nip98";
import { withMigratedDatabase } from "../support/database";
import { setEnv } from "../support/env";

withMigratedDatabase();

const adminKey = generateSecretKey();
const url = "http://warden.test/api/relay/nip86";
let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = setEnv({ NIP86_ADMIN_PUBKEYS: getPublicKey(adminKey), PUBLIC_URL: undefined });
});
afterAll(() => restoreEnv());

/** One NIP-98-signed call; the factory makes byte-identical copies of it (a replay). */
function signedCall(method: string): () => Request {
  const body = JSON.stringify({ method, params: [] });
  const tags = [["u", url], ["method", "POST"], ["payload", sha256Hex(new TextEncoder().encode(body))]];
  const event = finalizeEvent({ kind: 27235, created_at: Math.floor(Date.now() / 1000), content: "", tags }, adminKey);
  const headers = {
    "content-type": "application/nostr+json+rpc",
    "x-forwarded-proto": "http",
    "x-forwarded-host": "warden.test",
    authorization: `Nostr ${Buffer.from(JSON.stringify(event)).toString("base64")}`,
  };
  return () => new Request(url, { method: "POST", headers, body });
}

/** The NIP-86 route as another process would load it: no module or globalThis state shared. */
async function freshInstance() {
  for (const key of Object.keys(globalThis)) if (key.startsWith("__wardenNip98")) delete (globalThis as Record<string, unknown>)[key];
  vi.resetModules();
  return (await import("@/app/api/relay/nip86/route")).POST;
}

describe("the NIP-98 replay guard", () => {
  it("accepts a signed request once: not again here, in a second instance, or after a restart", async () => {
    const replay = signedCall("supportedmethods");
    const first = await freshInstance();
    expect((await first(replay())).status).toBe(200);
    expect((await first(replay())).status).toBe(401);

    const second = await freshInstance();
    const refused = await second(replay());
    expect(refused.status).toBe(401);
    expect((await refused.json()).error).toMatch(/already used/);

    await closeDatabase();
    const restarted = await freshInstance();
    expect((await restarted(replay())).status).toBe(401);
    // The same call signed again is a new token (a new BIP-340 signature).
    expect((await restarted(signedCall("supportedmethods")())).status).toBe(200);
  });

  it("lets exactly one of two concurrent claims of a token through", async () => {
    const { claimAuthEvent } = await import("@/lib/relay/nip86/replay-guard");
    const now = Math.floor(Date.now() / 1000);
    const results = await Promise.all([claimAuthEvent("c".repeat(128), now), claimAuthEvent("c".repeat(128), now)]);
    expect(results.sort()).toEqual([false, true]);
  });

  it("forgets expired tokens on a later claim, at most once a minute", async () => {
    await freshInstance();
    const { claimAuthEvent } = await import("@/lib/relay/nip86/replay-guard");
    const at = (seconds: number) => new Date(seconds * 1000);
    const now = Math.floor(Date.now() / 1000);
    const stored = async () => (await db().nip98UsedToken.findMany({ where: { signature: { in: ["a".repeat(128), "b".repeat(128), "d".repeat(128)] } } })).map((row) => row.signature[0]).sort();

    // Kept for two minutes after created_at: "a" expires at now + 10.
    expect(await claimAuthEvent("a".repeat(128), now - 110, at(now))).toBe(true);
    expect(await claimAuthEvent("b".repeat(128), now + 20, at(now + 30))).toBe(true);
    expect(await stored()).toEqual(["a", "b"]); // expired, but the last prune was 30 s ago
    expect(await claimAuthEvent("d".repeat(128), now + 70, at(now + 70))).toBe(true);
    expect(await stored()).toEqual(["b", "d"]);
  });
});
