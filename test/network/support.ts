// Shared by the labeler setup tests (the CLI's and the Settings page's): the reference
// PDS and PLC directory in a child process, a Warden serving the label stream, and a
// fresh plain account to turn into the labeler. One network per test file.
import { AtpAgent } from "@atproto/api";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { startDevnet, type Devnet } from "../support/devnet-process";
import { setEnv } from "../support/env";
import { startTestServer, type TestServer } from "../support/label-stream";

// The first run on a machine installs devnet/ (npm ci and a native build: minutes).
const INSTALL_TIMEOUT_MS = 15 * 60_000;

export type SetupNetwork = { net: Devnet; warden: TestServer; endpoint: string; handle: string; did: string };

/** Registers the beforeAll that starts it all (PUBLIC_URL: Warden's endpoint, no LABELER_DID) and the afterAll that stops it; read the fields inside tests. */
export function setupNetwork(handlePrefix: string, password: string): SetupNetwork {
  const network = {} as SetupNetwork;
  beforeAll(async () => {
    network.net = await startDevnet();
    network.warden = await startTestServer();
    // The PDS proxies to localhost but not 127.0.0.1 (platform notes); loopback http is accepted for tests.
    network.endpoint = network.warden.http.replace("127.0.0.1", "localhost");
    setEnv({ PUBLIC_URL: network.endpoint, LABELER_DID: undefined, PLC_URL: network.net.plcUrl });
    network.handle = `${handlePrefix}${randomBytes(3).toString("hex")}.test`;
    const created = await new AtpAgent({ service: network.net.pdsUrl }).createAccount({ handle: network.handle, email: `${network.handle}@example.com`, password });
    network.did = created.data.did;
  }, INSTALL_TIMEOUT_MS);
  afterAll(async () => {
    await network.warden?.close();
    await network.net?.close();
  });
  return network;
}
