// The baseline: @skyware/labeler's LabelerServer as published, in its own process, loaded
// with the same signed labels through its own database client. The parent drives it over
// IPC: {emit: n} creates n labels one by one (its API has no batch) and answers their seqs.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { LabelerServer } from "@skyware/labeler";

const { SKYWARE_PORT, SKYWARE_DB, SKYWARE_SEED, SKYWARE_KEY, SKYWARE_DID } = process.env;

const server = new LabelerServer({ did: SKYWARE_DID!, signingKey: SKYWARE_KEY!, dbPath: SKYWARE_DB! });
// Its schema is created asynchronously; the promise is public in the JS, private in the types.
await (server as unknown as { dbInitLock: Promise<void> }).dbInitLock;

type Statement = { sql: string; args: (string | number | Uint8Array | null)[] };
let batch: Statement[] = [];
const flush = async () => {
  if (batch.length) await server.db.batch(batch, "write");
  batch = [];
};
for await (const line of createInterface({ input: createReadStream(SKYWARE_SEED!) })) {
  const [seq, uri, val, neg, cts, sig] = JSON.parse(line) as [number, string, string, boolean, string, string];
  batch.push({
    sql: "INSERT INTO labels (id, src, uri, cid, val, neg, cts, exp, sig) VALUES (?, ?, ?, NULL, ?, ?, ?, NULL, ?)",
    args: [seq, SKYWARE_DID!, uri, val, neg ? 1 : 0, cts, Buffer.from(sig, "base64")],
  });
  if (batch.length === 5_000) await flush();
}
await flush();

let emitted = 0;
process.on("message", async (message: { emit: number }) => {
  const seqs: number[] = [];
  for (let i = 0; i < message.emit; i++) {
    const label = await server.createLabel({ uri: `at://did:plc:skywarebench/app.bsky.feed.post/${emitted++}`, val: "spam" });
    seqs.push(label.id);
  }
  process.send!({ seqs });
});

server.start({ port: Number(SKYWARE_PORT), host: "127.0.0.1" }, (error) => {
  if (error) throw error;
  process.send!({ ready: true });
});
