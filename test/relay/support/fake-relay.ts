import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import type { NostrEvent } from "@/lib/relay/policy/nostr-event";

export type FakeRelayMode = "accept" | "refuse" | "duplicate" | "silent";

/**
 * A relay that speaks just enough NIP-01 for the outbox: `["EVENT", e]` is answered
 * `["OK", id, …]` according to `mode`, and every received event is kept.
 */
export class FakeRelay {
  received: NostrEvent[] = [];
  mode: FakeRelayMode = "accept";
  port = 0;
  private server: WebSocketServer | null = null;

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Listens (again on the same port after a stop); does nothing while listening. */
  async start(): Promise<this> {
    if (this.server) return this;
    const server = new WebSocketServer({ host: "127.0.0.1", port: this.port });
    await new Promise<void>((resolve) => server.once("listening", resolve));
    this.port = (server.address() as AddressInfo).port;
    server.on("connection", (socket) => {
      socket.on("message", (data) => {
        const [type, event] = JSON.parse(data.toString()) as [string, NostrEvent];
        if (type !== "EVENT") return;
        this.received.push(event);
        const answers: Record<FakeRelayMode, unknown[] | null> = {
          accept: ["OK", event.id, true, ""],
          refuse: ["OK", event.id, false, "blocked: not on this relay"],
          duplicate: ["OK", event.id, true, "duplicate: already have this event"],
          silent: null,
        };
        const answer = answers[this.mode];
        if (answer) socket.send(JSON.stringify(answer));
      });
    });
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const client of server.clients) client.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
