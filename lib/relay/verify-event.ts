import { createHash } from "node:crypto";
import { projectRequire, runSplit, threadPool } from "@/lib/thread-pool";
import type { NostrEvent } from "./policy/nostr-event";

const BAD_ID = "invalid: event id does not match its content";
const BAD_SIG = "invalid: bad signature";

type Secp = { verifySchnorr(hash: Uint8Array, publicKey: Uint8Array, signature: Uint8Array): boolean };
type Hasher = (text: string) => Buffer;

/**
 * NIP-01: the id is the SHA-256 of [0, pubkey, created_at, kind, tags, content] as
 * JSON, and sig a BIP-340 signature of it. Self-contained (its source is also the
 * worker's), with the hash and curve passed in.
 */
function checkEvent(event: NostrEvent, sha256: Hasher, secp: Secp, badId: string, badSig: string): string | null {
  const id = sha256(JSON.stringify([0, event.pubkey, event.created_at, event.kind, event.tags, event.content]));
  if (id.toString("hex") !== event.id) return badId;
  try {
    return secp.verifySchnorr(id, Buffer.from(event.pubkey, "hex"), Buffer.from(event.sig, "hex")) ? null : badSig;
  } catch {
    return badSig; // a pubkey that is not on the curve
  }
}

// BIP-340 in WASM (tiny-secp256k1) costs ~0.5 ms per event here, so it runs in worker
// threads: a batch of held events never blocks the server's event loop, and
// verification overlaps with the database's work.
const VERIFY_IN_THREAD = `(() => {
  const { createHash } = require("node:crypto");
  const secp = require(workerData.secp);
  const sha256 = (text) => createHash("sha256").update(text, "utf8").digest();
  const checkEvent = ${checkEvent.toString()};
  return (events) => events.map((event) => checkEvent(event, sha256, secp, ${JSON.stringify(BAD_ID)}, ${JSON.stringify(BAD_SIG)}));
})()`;

type Problems = (string | null)[];

/** For each event, null when its id matches its content and its signature is valid, else a NIP-01 "invalid:" message. */
export async function verifyNostrEvents(events: NostrEvent[]): Promise<Problems> {
  return runSplit(verifierPool(), events, verifyHere);
}

/**
 * Starts the verifier threads now (the custom server calls it at boot), so their
 * WASM is compiled before traffic rather than during the first batch of held events.
 */
export function startEventVerifier(): void {
  verifierPool();
}

export async function verifyNostrEvent(event: NostrEvent): Promise<string | null> {
  return (await verifyNostrEvents([event]))[0]!;
}

const sha256: Hasher = (text) => createHash("sha256").update(text, "utf8").digest();

async function verifyHere(events: NostrEvent[]): Promise<Problems> {
  const secp = await import("tiny-secp256k1");
  return events.map((event) => checkEvent(event, sha256, secp, BAD_ID, BAD_SIG));
}

function verifierPool() {
  return threadPool<NostrEvent[], Problems>("nostr-verify", VERIFY_IN_THREAD, () => ({ secp: projectRequire().resolve("tiny-secp256k1") }));
}
