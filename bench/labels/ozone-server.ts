// Ozone, Bluesky's moderation service, as bench:labels' peer: @atproto/dev-env's TestOzone
// with the PLC directory it needs for its DIDs, in this process, on the bench's PostgreSQL
// (Ozone in its own schema of the bench's database). Neither a PDS nor an AppView: labels
// need neither, and the PDS's better-sqlite3 12 aborts Node 24.19+ when a background GC
// finalizes one of its statements (`RemoveEnvironmentCleanupHook`: (env) != nullptr).
// Forked by servers.ts; tells its parent, over IPC, where Ozone listens and the key it signs
// with (so that both services hold the same labels), then answers requests for moderator
// credentials (service JWTs for emitEvent, which expire).
import { ensureDevnet, importDevEnv } from "../../scripts/devnet.ts";

export type OzoneReady = { port: number; did: string; keyHex: string; signingKeyId: number; schema: string };

const databaseUrl = process.env.OZONE_DATABASE_URL;
const schema = process.env.OZONE_SCHEMA;
if (!databaseUrl || !schema || !process.send) throw new Error("ozone-server: forked by bench/labels/servers.ts with OZONE_DATABASE_URL and OZONE_SCHEMA");

process.env.LOG_ENABLED = "false";

await ensureDevnet();
const { TestOzone, TestPlc } = await importDevEnv();
const plc = await TestPlc.create({});
const ozone = await TestOzone.create({
  plcUrl: plc.url,
  dbPostgresUrl: databaseUrl,
  dbPostgresSchema: `ozone_${schema}`,
  // Required by Ozone's configuration, never called for labels: nothing listens there.
  appviewUrl: "http://127.0.0.1:9",
  appviewDid: "did:web:appview.invalid",
  appviewPushEvents: false,
});
const ctx = ozone.ctx;
// Ozone imports its key non-exportable; the bench signs Warden's copy of the labels with
// the same key (read from the keypair object), so that neither service re-signs.
const privateKey = (ctx.signingKey as { privateKey: Uint8Array }).privateKey;
const ready: OzoneReady = {
  port: ozone.port,
  did: ctx.cfg.service.did as string,
  keyHex: Buffer.from(privateKey).toString("hex"),
  signingKeyId: ctx.signingKeyId as number,
  schema: `ozone_${schema}`,
};
process.send({ ready });

process.on("message", (message: { headers?: boolean }) => {
  if (message.headers) void ozone.modHeaders("tools.ozone.moderation.emitEvent", "moderator").then((headers) => process.send!({ headers }));
});

let closing = false;
const close = async () => {
  if (closing) return;
  closing = true;
  await ozone.close().catch(() => {});
  await plc.close().catch(() => {});
  process.exit(0);
};
process.on("SIGTERM", () => void close());
process.on("disconnect", () => void close());
