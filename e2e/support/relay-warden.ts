import { expect, test } from "@playwright/test";
import type { NostrEvent } from "nostr-tools/pure";
import { Relay } from "nostr-tools/relay";
import { E2E_ADMIN_TOKEN } from "./settings";
import { TestRelay } from "./test-relay";
import { startWarden, type WardenProcess } from "./warden-process";

// Shared by the specs that run a real relay (write policy: bin/strfry-policy) in front of
// a Warden of their own, which holds unknown authors' notes and delivers to that relay.

export const ADMIN_HEADERS = { authorization: `Bearer ${E2E_ADMIN_TOKEN}`, "content-type": "application/json" };

export type RelayWardenSuite = {
  warden: WardenProcess;
  relay: TestRelay;
  /** A client of the relay, closed after the last test. */
  connect(): Promise<Relay>;
};

/**
 * Sets up the calling spec file: serial tests, one Warden and relay for the whole file,
 * stopped after the last test (Warden must exit 0). Read the fields inside tests.
 */
export function relayWardenSuite(ports: { warden: number; relay: number }, relaySecret: string): RelayWardenSuite {
  const clients: Relay[] = [];
  const suite = {
    async connect() {
      const client = await Relay.connect(suite.relay.url);
      clients.push(client);
      return client;
    },
  } as RelayWardenSuite;

  test.describe.configure({ mode: "serial" });
  test.setTimeout(90_000);

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    Object.assign(suite, await startRelayWarden(ports, relaySecret));
  });

  test.afterAll(async () => {
    for (const client of clients) client.close();
    await suite.relay?.stop();
    expect(await suite.warden?.stop()).toBe(0);
  });
  return suite;
}

async function startRelayWarden(ports: { warden: number; relay: number }, relaySecret: string): Promise<{ warden: WardenProcess; relay: TestRelay }> {
  const warden = await startWarden(ports.warden, {
    ADMIN_TOKEN: E2E_ADMIN_TOKEN,
    RELAY_SECRET: relaySecret,
    RELAY_URL: `ws://127.0.0.1:${ports.relay}`,
    RELAY_UNKNOWN_PUBKEYS: "reject",
  });
  const relay = await new TestRelay({ port: ports.relay, wardenUrl: warden.url, relaySecret }).start();
  return { warden, relay };
}

/** A JSON request to that Warden: POST with a body, GET without; admin credentials unless `headers` says otherwise. */
export async function wardenApi(warden: WardenProcess, path: string, body?: unknown, headers: Record<string, string> = ADMIN_HEADERS) {
  const response = await fetch(`${warden.url}${path}`, { method: body === undefined ? "GET" : "POST", headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, json: await response.json() };
}

/**
 * Publishes once the plugin knows the author: a tier set through the API reaches the
 * plugin's snapshot a moment later (decision 008), and until then the author is unknown.
 */
export async function publishOnceKnown(client: Relay, event: NostrEvent): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return void (await client.publish(event));
    } catch (error) {
      if (attempt >= 100 || !/^restricted: /.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
