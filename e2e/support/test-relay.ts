import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { EventRepository, EventUtils, LogLevel, type Event, type Filter, type HandleMessagePlugin } from "@nostr-relay/common";
import { NostrRelay } from "@nostr-relay/core";
import { WebSocketServer, type WebSocket } from "ws";

/**
 * A real Nostr relay for end-to-end tests, embedded from npm (@nostr-relay/core on a
 * `ws` server), whose write policy is Warden's bin/strfry-policy driven exactly as
 * strfry drives it: one JSON request per line on stdin, one reply awaited at a time.
 * Stored events survive stop()/start(), like strfry's database across a restart.
 */
export class TestRelay {
  private readonly repository = new MemoryEvents();
  private server: WebSocketServer | null = null;
  private relay: NostrRelay | null = null;
  private policy: StrfryPolicy | null = null;

  constructor(private readonly options: { port: number; wardenUrl: string; relaySecret: string; pluginEnv?: Record<string, string> }) {}

  get url(): string {
    return `ws://127.0.0.1:${this.options.port}`;
  }

  /** Every event the relay holds (what a REQ could ever return). */
  get events(): Event[] {
    return this.repository.all();
  }

  async start(): Promise<this> {
    if (this.server) return this;
    this.policy = new StrfryPolicy({ WARDEN_URL: this.options.wardenUrl, RELAY_SECRET: this.options.relaySecret, ...this.options.pluginEnv });
    // No result cache: a shadow-rejected id must be decided again when the outbox republishes it.
    const relay = new NostrRelay(this.repository, { eventHandlingResultCacheTtl: 0, filterResultCacheTtl: 0, logLevel: LogLevel.ERROR });
    relay.register(writePolicy(this.policy));
    const server = new WebSocketServer({ host: "127.0.0.1", port: this.options.port });
    await new Promise<void>((resolve, reject) => server.once("listening", resolve).once("error", reject));
    server.on("connection", (socket: WebSocket, request) => {
      relay.handleConnection(socket, request.socket.remoteAddress);
      socket.on("message", (data) => {
        let message: unknown;
        try {
          message = JSON.parse(data.toString());
        } catch {
          return socket.send(JSON.stringify(["NOTICE", "invalid: not JSON"]));
        }
        if (Array.isArray(message)) void relay.handleMessage(socket, message as never);
      });
      socket.on("close", () => relay.handleDisconnect(socket));
    });
    this.relay = relay;
    this.server = server;
    return this;
  }

  /** Stops listening and drops every connection (the stored events stay). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await this.relay?.destroy();
    this.relay = null;
    this.policy?.stop();
    this.policy = null;
  }
}

/** strfry's side of the plugin protocol: `{type:"new", event, …}` per line, awaiting each reply. */
class StrfryPolicy {
  private child: ChildProcessWithoutNullStreams;
  private queue: Promise<unknown> = Promise.resolve();
  private buffered = "";
  private waiting: ((reply: { id: string; action: string; msg: string }) => void) | null = null;

  constructor(env: Record<string, string>) {
    const bin = path.resolve("bin/strfry-policy");
    this.child = spawn("sh", ["-c", bin], { cwd: tmpdir(), env: { NODE_ENV: "production", PATH: process.env.PATH ?? "/usr/bin:/bin", ...env } });
    this.child.stderr.on("data", () => {}); // its log
    this.child.stdout.setEncoding("utf8").on("data", (text: string) => {
      this.buffered += text;
      let newline;
      while ((newline = this.buffered.indexOf("\n")) !== -1) {
        const line = this.buffered.slice(0, newline);
        this.buffered = this.buffered.slice(newline + 1);
        this.waiting?.(JSON.parse(line));
      }
    });
  }

  decide(event: Event, sourceInfo: string, authed?: string): Promise<{ action: string; msg: string }> {
    const request = { type: "new", event, receivedAt: Math.floor(Date.now() / 1000), sourceType: "IP4", sourceInfo, ...(authed && { authed }) };
    const next = this.queue.then(
      () =>
        new Promise<{ action: string; msg: string }>((resolve) => {
          // Like strfry: no answer within the timeout rejects the event.
          const timer = setTimeout(() => resolve({ action: "reject", msg: "error: internal error" }), 10_000);
          this.waiting = (reply) => {
            if (reply.id !== event.id) return;
            clearTimeout(timer);
            this.waiting = null;
            resolve(reply);
          };
          this.child.stdin.write(`${JSON.stringify(request)}\n`);
        }),
    );
    this.queue = next;
    return next;
  }

  stop(): void {
    this.child.kill();
  }
}

/** Asks the plugin about every EVENT: accept stores it; shadowReject answers OK true and stores nothing. */
function writePolicy(policy: StrfryPolicy): HandleMessagePlugin {
  return {
    async handleMessage(ctx, message, next) {
      if (message[0] !== "EVENT") return next();
      const event = message[1];
      const { action, msg } = await policy.decide(event, ctx.ip ?? "127.0.0.1", ctx.pubkey);
      if (action === "accept") return next();
      const accepted = action === "shadowReject";
      ctx.sendMessage(["OK", event.id, accepted, accepted ? "" : msg]);
      return { messageType: "EVENT", success: accepted, message: msg };
    },
  };
}

/** An in-memory event store with NIP-01's replaceable and addressable semantics. */
class MemoryEvents extends EventRepository {
  private readonly byId = new Map<string, Event>();

  all(): Event[] {
    return [...this.byId.values()];
  }

  isSearchSupported(): boolean {
    return false;
  }

  upsert(event: Event) {
    if (this.byId.has(event.id)) return { isDuplicate: true };
    const address = addressOf(event);
    if (address) {
      const older = this.all().find((other) => addressOf(other) === address);
      if (older && (older.created_at > event.created_at || (older.created_at === event.created_at && older.id < event.id))) {
        return { isDuplicate: true };
      }
      if (older) this.byId.delete(older.id);
    }
    this.byId.set(event.id, event);
    return { isDuplicate: false };
  }

  find(filter: Filter): Event[] {
    const found = this.all()
      .filter((event) => EventUtils.isMatchingFilter(event, filter))
      .sort((a, b) => b.created_at - a.created_at);
    return filter.limit === undefined ? found : found.slice(0, filter.limit);
  }

  async destroy(): Promise<void> {}
}

function addressOf(event: Event): string | null {
  const kind = event.kind;
  if (kind === 0 || kind === 3 || (kind >= 10_000 && kind < 20_000)) return `${kind}:${event.pubkey}:`;
  if (kind >= 30_000 && kind < 40_000) return `${kind}:${event.pubkey}:${EventUtils.extractDTagValue(event) ?? ""}`;
  return null;
}
