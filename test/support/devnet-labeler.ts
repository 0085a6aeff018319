// A Bluesky network on loopback (@atproto/dev-env: the reference PDS and PLC directory)
// with a labeler account whose DID document points #atproto_labeler at a Warden
// endpoint, set up with the PLC operation flow a real operator goes through.
import type { AtpAgent } from "@atproto/api";
import type { TestNetworkNoAppView } from "@atproto/dev-env";
import { ensureDevnet, importDevEnv } from "@/scripts/devnet";

export type DevnetLabeler = { net: TestNetworkNoAppView; labelerDid: string; labelerAgent: AtpAgent };

let accounts = 0;

/** A new account on the network's PDS, logged in. */
export async function createAccount(net: TestNetworkNoAppView, name: string): Promise<{ agent: AtpAgent; did: string }> {
  const agent = net.pds.getAgent();
  const handle = `${name}${++accounts}.test`;
  await agent.createAccount({ handle, email: `${name}${accounts}@example.test`, password: "password-for-tests" });
  return { agent, did: agent.session!.did };
}

/**
 * Starts the network and makes a labeler account: requestPlcOperationSignature (the
 * emailed token is read from the PDS's database), signPlcOperation with the full
 * merged maps (the recommended ones plus atproto_label and the atproto_labeler
 * service at `endpoint`), submitPlcOperation.
 */
export async function startDevnetLabeler(endpoint: string, schema: string): Promise<DevnetLabeler> {
  await ensureDevnet();
  const { TestNetworkNoAppView } = await importDevEnv();
  const net = await TestNetworkNoAppView.create({ dbPostgresSchema: schema });
  const { agent, did } = await createAccount(net, "labeler");
  await agent.com.atproto.identity.requestPlcOperationSignature();
  const row = await net.pds.ctx.accountManager.db.db
    .selectFrom("email_token")
    .selectAll()
    .where("did", "=", did)
    .where("purpose", "=", "plc_operation")
    .executeTakeFirstOrThrow();
  const { data: recommended } = await agent.com.atproto.identity.getRecommendedDidCredentials();
  const verificationMethods = { ...(recommended.verificationMethods as Record<string, string>), atproto_label: (recommended.verificationMethods as Record<string, string>).atproto! };
  const services = { ...(recommended.services as Record<string, unknown>), atproto_labeler: { type: "AtprotoLabeler", endpoint } };
  const { data: signed } = await agent.com.atproto.identity.signPlcOperation({ token: row.token as string, verificationMethods, services });
  await agent.com.atproto.identity.submitPlcOperation({ operation: signed.operation });
  return { net, labelerDid: did, labelerAgent: agent };
}
