// The Warden side of bench/relay.ts, in its own process: a fresh database, the relay
// routes the plugin calls, and the seed design's per-event endpoint for comparison.
// Prints "READY <url>" when it listens.
import { randomBytes } from "node:crypto";
import { closeDatabase, db } from "@/lib/db";
import { migrateDatabase } from "@/lib/db/migrations";
import { nostrEventSchema } from "@/lib/relay/policy/nostr-event";
import { startEventVerifier } from "@/lib/relay/verify-event";
import { relayRoutes } from "../../test/relay/support/relay-routes";
import { serveRoutes } from "../../test/relay/support/route-server";

const extra = Number(process.env.BENCH_EXTRA_PUBKEYS ?? 10_000);
const seeded = JSON.parse(process.env.BENCH_AUTHORS ?? "{}") as { trusted?: string[]; member?: string[] };

await migrateDatabase();
startEventVerifier(); // as the custom server does at boot
const filler = (count: number) => Array.from({ length: count }, () => randomBytes(32).toString("hex"));
const rows = [
  ...[...(seeded.trusted ?? []), ...filler(extra)].map((pubkey) => ({ pubkey, trust: "trusted" as const, updatedBy: "bench" })),
  ...[...(seeded.member ?? []), ...filler(extra)].map((pubkey) => ({ pubkey, trust: "member" as const, updatedBy: "bench" })),
];
for (let i = 0; i < rows.length; i += 5_000) await db().relayPubkey.createMany({ data: rows.slice(i, i + 5_000), skipDuplicates: true });

/** The seed's design: the policy endpoint looks the author up and inserts the event, for every event. */
async function seedPolicy(request: Request): Promise<Response> {
  const { event } = (await request.json()) as { event: unknown };
  const parsed = nostrEventSchema.parse(event);
  const author = await db().relayPubkey.findUnique({ where: { pubkey: parsed.pubkey } });
  if (!author || author.trust === "blocked" || author.trust === "unknown") return Response.json({ id: parsed.id, action: "reject", msg: "blocked" });
  await db().relayEvent.createMany({
    data: [{ id: parsed.id, pubkey: parsed.pubkey, kind: parsed.kind, createdAt: parsed.created_at, event: parsed }],
    skipDuplicates: true,
  });
  return Response.json({ id: parsed.id, action: author.trust === "trusted" ? "accept" : "shadowReject", msg: "" });
}

// How the plugin's held batches went: their sizes and how long Warden took for each,
// and the CPU time this process (worker threads included) spent since the last reset.
const batches: { size: number; ms: number }[] = [];
let cpuAtReset = process.cpuUsage();
const heldRoute = relayRoutes["/api/relay/held"]!.POST!;
async function timedHeld(request: Request): Promise<Response> {
  const started = performance.now();
  const size = ((await request.clone().json()) as { items: unknown[] }).items.length;
  const response = await heldRoute(request);
  batches.push({ size, ms: performance.now() - started });
  return response;
}

const server = await serveRoutes({
  ...relayRoutes,
  "/api/relay/held": { POST: timedHeld },
  "/seed/policy": { POST: seedPolicy },
  "/bench/held": {
    GET: async () => {
      const { user, system } = process.cpuUsage(cpuAtReset);
      return Response.json({ stored: await db().relayEvent.count(), batches, cpuMs: (user + system) / 1000 });
    },
  },
  "/bench/reset": {
    POST: async () => {
      batches.length = 0;
      await db().relayEvent.deleteMany();
      cpuAtReset = process.cpuUsage();
      return Response.json({ ok: true });
    },
  },
});
process.stdout.write(`READY ${server.url}\n`);

const stop = async () => {
  await server.close();
  await closeDatabase();
  process.exit(0);
};
process.once("SIGTERM", () => void stop());
process.stdin.on("end", () => void stop()).resume();
