import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { logger } from "@/lib/log";
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

// BIP-340 in WASM (tiny-secp256k1, also the labeler's signer) costs ~0.5 ms per event
// here, so it runs in worker threads: a batch of held events never blocks the
// server's event loop, and verification overlaps with the database's work.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const secp = require(workerData.secp);
const sha256 = (text) => createHash("sha256").update(text, "utf8").digest();
const checkEvent = ${checkEvent.toString()};
parentPort.on("message", ({ job, events }) => {
  const problems = events.map((event) => checkEvent(event, sha256, secp, ${JSON.stringify(BAD_ID)}, ${JSON.stringify(BAD_SIG)}));
  parentPort.postMessage({ job, problems });
});`;

type Problems = (string | null)[];
type Pool = { workers: Worker[]; turn: number; jobs: Map<number, (problems: Problems | null) => void>; lastJob: number };

const globals = globalThis as typeof globalThis & { __wardenVerifyPool?: Pool | null };

/** For each event, null when its id matches its content and its signature is valid, else a NIP-01 "invalid:" message. */
export async function verifyNostrEvents(events: NostrEvent[]): Promise<Problems> {
  if (events.length === 0) return [];
  const pool = verifierPool();
  if (!pool) return verifyHere(events);
  const size = Math.ceil(events.length / pool.workers.length);
  const chunks = Array.from({ length: Math.ceil(events.length / size) }, (_, i) => events.slice(i * size, (i + 1) * size));
  const results = await Promise.all(chunks.map((chunk) => inWorker(pool, chunk)));
  return results.flat();
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

function inWorker(pool: Pool, events: NostrEvent[]): Promise<Problems> {
  const job = ++pool.lastJob;
  const worker = pool.workers[pool.turn++ % pool.workers.length]!;
  worker.ref();
  return new Promise<Problems | null>((resolve) => {
    pool.jobs.set(job, resolve);
    worker.postMessage({ job, events });
  }).then((problems) => {
    if (pool.jobs.size === 0) pool.workers.forEach((w) => w.unref());
    // A worker that died: verify here instead.
    return problems ?? verifyHere(events);
  });
}

/** The process's verifier threads, started on first use; null when they cannot start (then the main thread verifies). */
function verifierPool(): Pool | null {
  if (globals.__wardenVerifyPool !== undefined) return globals.__wardenVerifyPool;
  try {
    // Resolved from the project (the server's working directory), so it works from Next's bundle too.
    const secp = createRequire(path.join(process.cwd(), "package.json")).resolve("tiny-secp256k1");
    const count = Math.min(4, availableParallelism());
    const pool: Pool = { workers: [], turn: 0, jobs: new Map(), lastJob: 0 };
    for (let i = 0; i < count; i++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { secp } });
      worker.unref();
      worker.on("message", ({ job, problems }: { job: number; problems: Problems }) => {
        pool.jobs.get(job)?.(problems);
        pool.jobs.delete(job);
      });
      worker.on("error", (error) => {
        logger.warn({ err: error }, "event verifier thread failed; verifying on the main thread");
        globals.__wardenVerifyPool = null;
        for (const [job, resolve] of pool.jobs) {
          pool.jobs.delete(job);
          resolve(null);
        }
      });
      pool.workers.push(worker);
    }
    return (globals.__wardenVerifyPool = pool);
  } catch (error) {
    logger.warn({ err: error }, "event verifier threads unavailable; verifying on the main thread");
    return (globals.__wardenVerifyPool = null);
  }
}
