// Runs the reference PDS and PLC directory (@atproto/dev-env) in a process of its own
// for a test file: better-sqlite3 (the PDS's database) aborts the process that loaded
// it while Node tears it down, which a test worker must not do. Writes one JSON line
// with the URLs to fd 3, then answers JSON requests from stdin there, one per line
// (stdout is left to the services' own logging, which must never block this channel).
import { writeSync } from "node:fs";
import { createInterface } from "node:readline";
import { importDevEnv } from "../../scripts/devnet.ts";

const { TestNetworkNoAppView } = await importDevEnv();
const net = await TestNetworkNoAppView.create({ dbPostgresSchema: `warden_${process.pid}` });
const accounts = () => net.pds.ctx.accountManager.db.db;

type Request = { id: number; op: "token"; did: string } | { id: number; op: "set-requested-at"; token: string; requestedAt: string };

/** The email token the PDS "sent" (dev-env has no mail server), from its database. */
async function answer(request: Request): Promise<unknown> {
  if (request.op === "token") {
    const row = await accounts().selectFrom("email_token").selectAll().where("purpose", "=", "plc_operation").where("did", "=", request.did).executeTakeFirst();
    return row?.token ?? null;
  }
  const before = await accounts().selectFrom("email_token").select("requestedAt").where("token", "=", request.token).executeTakeFirstOrThrow();
  await accounts().updateTable("email_token").set({ requestedAt: request.requestedAt }).where("token", "=", request.token).execute();
  return before.requestedAt;
}

const reply = (message: unknown) => writeSync(3, `${JSON.stringify(message)}\n`);
reply({ pds: net.pds.url, plc: net.plc.url });
for await (const line of createInterface({ input: process.stdin })) {
  const request = JSON.parse(line) as Request;
  try {
    reply({ id: request.id, result: await answer(request) });
  } catch (error) {
    reply({ id: request.id, error: String(error) });
  }
}
// stdin closed: the test file is done.
await net.close();
process.exit(0);
