import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "probe-"));
if (process.argv[2]) process.env.DATABASE_URL = process.argv[2];
process.env.LOG_LEVEL = "silent";
const { migrateDatabase } = await import("@/lib/db/migrations");
const { db } = await import("@/lib/db");
await migrateDatabase();
const hex = (n: number) => randomBytes(n).toString("hex");
const mk = (n: number) => Array.from({ length: n }, (_, i) => ({ id: hex(32), pubkey: hex(32), created_at: 1700000000, kind: 1, tags: [["t","b"]], content: "held " + i + "y".repeat(80), sig: hex(64) }));
for (let round = 0; round < 3; round++) {
  let batch = mk(500);
  let t = performance.now();
  await db().relayEvent.createMany({ data: batch.map(e => ({ id: e.id, pubkey: e.pubkey, kind: 1, createdAt: e.created_at, event: e, address: null })), skipDuplicates: true });
  const a = performance.now() - t;
  batch = mk(500);
  t = performance.now();
  const rows = JSON.stringify(batch.map(e => ({ id: e.id, pubkey: e.pubkey, kind: e.kind, created_at: e.created_at, event: e, address: null })));
  await db().$executeRaw`INSERT INTO relay_events (id, pubkey, kind, created_at, event, address)
    SELECT r.id, r.pubkey, r.kind, r.created_at, r.event, r.address FROM jsonb_to_recordset(${rows}::jsonb) AS r(id text, pubkey text, kind int, created_at int, event jsonb, address text)
    ON CONFLICT (id) DO NOTHING`;
  const b = performance.now() - t;
  console.log("createMany", a.toFixed(0), "ms; jsonb_to_recordset", b.toFixed(0), "ms");
}
