// The Warden side of bench/relay.ts, in its own process: a fresh database, the relay
// routes the plugin calls, and the seed design's per-event endpoint for comparison.
// Prints "READY <url>" when it listens.
import { randomBytes } from "node:crypto";
import { closeDatabase, db } from "@/lib/db";
import { migrateDatabase } from "@/lib/db/migrations";
import { nostrEventSchema } from "@/lib/relay/policy/nostr-event";
import { relayRoutes } from "../../test/relay/support/relay-routes";
import { serveRoutes } from "../../test/relay/support/route-server";

const extra = Number(process.env.BENCH_EXTRA_PUBKEYS ?? 10_000);
const seeded = JSON.parse(process.env.BENCH_AUTHORS ?? "{}") as { trusted?: string[]; member?: string[] };

await migrateDatabase();
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

const server = await serveRoutes({
  ...relayRoutes,
  "/seed/policy": { POST: seedPolicy },
  "/bench/held": { GET: async () => Response.json({ stored: await db().relayEvent.count() }) },
  "/bench/reset": {
    POST: async () => {
      await db().relayEvent.deleteMany();
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
