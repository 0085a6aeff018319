// The seed's design for bench/relay.ts, in its own process and its own database (not
// Warden's): a policy endpoint that looks the author up and inserts the event, for every
// event. Prints "READY <url>" when it listens (an ephemeral port).
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { closeDatabase, db } from "@/lib/db";
import { migrateDatabase } from "@/lib/db/migrations";
import { nostrEventSchema } from "@/lib/relay/policy/nostr-event";

const extra = Number(process.env.BENCH_EXTRA_PUBKEYS ?? 10_000);
const seeded = JSON.parse(process.env.BENCH_AUTHORS ?? "{}") as { trusted?: string[]; member?: string[] };

// Its own database, so it is seeded directly: the same tiers and as many pubkeys as Warden's.
await migrateDatabase();
const filler = (count: number) => Array.from({ length: count }, () => randomBytes(32).toString("hex"));
const rows = [
  ...[...(seeded.trusted ?? []), ...filler(extra)].map((pubkey) => ({ pubkey, trust: "trusted" as const, updatedBy: "bench" })),
  ...[...(seeded.member ?? []), ...filler(extra)].map((pubkey) => ({ pubkey, trust: "member" as const, updatedBy: "bench" })),
];
for (let i = 0; i < rows.length; i += 5_000) await db().relayPubkey.createMany({ data: rows.slice(i, i + 5_000), skipDuplicates: true });

async function seedPolicy(body: string): Promise<object> {
  const { event } = JSON.parse(body) as { event: unknown };
  const parsed = nostrEventSchema.parse(event);
  const author = await db().relayPubkey.findUnique({ where: { pubkey: parsed.pubkey } });
  if (!author || author.trust === "blocked" || author.trust === "unknown") return { id: parsed.id, action: "reject", msg: "blocked" };
  await db().relayEvent.createMany({
    data: [{ id: parsed.id, pubkey: parsed.pubkey, kind: parsed.kind, createdAt: parsed.created_at, event: parsed }],
    skipDuplicates: true,
  });
  return { id: parsed.id, action: author.trust === "trusted" ? "accept" : "shadowReject", msg: "" };
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const answer =
      request.method === "POST" && request.url === "/seed/policy"
        ? seedPolicy(Buffer.concat(chunks).toString("utf8"))
        : request.method === "POST" && request.url === "/reset" // every round starts from the same (empty) table
          ? db().relayEvent.deleteMany().then(() => ({ ok: true }))
          : Promise.reject(new Error(`no route ${request.method} ${request.url}`));
    answer.then(
      (body) => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body)),
      (error: unknown) => response.writeHead(500).end(String(error)),
    );
  });
});
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as { port: number };
  process.stdout.write(`READY http://127.0.0.1:${port}\n`);
});

const stop = async () => {
  server.close();
  await closeDatabase();
  process.exit(0);
};
process.once("SIGTERM", () => void stop());
process.stdin.on("end", () => void stop()).resume();
